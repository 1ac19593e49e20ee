import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF, MergeConflictError, type Plan } from '@relctl/core';
import { createAuditLog, createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { continueRun, createFileRunStateStore, executePlan, undoRun, type RunOptions, type RunStateStore } from '../src/index.js';

const options: RunOptions = {
  actor: 'Runner Test <runner@example.com>',
  identity: { name: 'Runner Test', email: 'runner@example.com' },
  now: () => Date.UTC(2026, 0, 2),
  tagPrefix: 'v',
};

describe('runner on a real repository', () => {
  let repo: TempRepo;
  let git: SystemGitPort;
  let store: RunStateStore;
  let main: string;
  let a: string;
  let b: string;

  beforeEach(() => {
    repo = createTempRepo();
    main = repo.commit('base', { 'app.txt': 'one\ntwo\nthree\n' });
    repo.git(['switch', '-q', '-c', 'req/A']);
    a = repo.commit('A', { 'app.txt': 'ONE\ntwo\nthree\n' });
    repo.git(['switch', '-q', '-c', 'req/B', 'main']);
    b = repo.commit('B', { 'app.txt': 'uno\ntwo\nthree\n' });
    repo.git(['switch', '-q', 'main']);
    repo.git(['branch', 'env/test', 'main']);
    git = createSystemGitPort({ cwd: repo.dir });
    store = createFileRunStateStore({ dir: mkdtempSync(join(tmpdir(), 'relctl-runstate-')) });
  });
  afterEach(() => {
    git.close();
    repo.remove();
  });

  const rebuild = (ids: Array<[string, string]>): Plan => ({
    command: `promote ${ids.map(([id]) => id).join(' ')} --to test`,
    expected: { 'refs/heads/main': main, 'refs/heads/env/test': main, [AUDIT_LOG_REF]: null },
    steps: [
      { kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } },
      ...ids.map(([requestId, sha]) => ({ kind: 'merge' as const, ref: 'refs/heads/env/test', env: 'test', requestId, sha, message: `Merge request ${requestId}` })),
      { kind: 'record', event: { type: 'promoted', env: 'test', requestIds: ids.map(([id]) => id) } },
      { kind: 'update-refs', refs: ['refs/heads/env/test', AUDIT_LOG_REF] },
    ],
    notes: [],
  });

  it('creates the package tags a release asks for with the release tag, in the same transaction', async () => {
    const tree = repo.git(['rev-parse', `${main}^{tree}`]);
    const release = {
      prepare: async () => ({
        tree,
        message: 'Release 1.1.0\n\nRelctl-Release: 1.1.0\nRelctl-Requests: A\n',
        version: '1.1.0',
        tagName: 'v1.1.0',
        tagMessage: 'Release 1.1.0\n',
        packageTags: [
          { name: 'lib-a@1.1.0', message: 'Release lib-a@1.1.0\n' },
          { name: '@acme/web@2.0.1', message: 'Release @acme/web@2.0.1\n' },
        ],
      }),
    };
    const plan: Plan = {
      command: 'promote A --to prod',
      expected: { 'refs/heads/main': main },
      steps: [
        { kind: 'release', ref: 'refs/heads/main', env: 'prod', requestIds: ['A'] },
        { kind: 'tag', ref: 'refs/heads/main' },
        { kind: 'update-refs', refs: ['refs/heads/main'] },
      ],
      notes: [],
    };
    const result = await executePlan({ plan, ports: { git, log: createAuditLog({ git }), release }, options, store });
    expect(result.outcomes[1]).toContain('tag v1.1.0 and 2 package tags');
    const tip = repo.git(['rev-parse', 'main']);
    for (const tag of ['v1.1.0', 'lib-a@1.1.0', '@acme/web@2.0.1']) {
      expect(repo.git(['rev-parse', `refs/tags/${tag}^{commit}`])).toBe(tip);
      expect(repo.git(['cat-file', '-t', `refs/tags/${tag}`])).toBe('tag');
    }
  });

  it('merges with trailers, records the event and moves both refs in one transaction', async () => {
    const result = await executePlan({ plan: rebuild([['A', a]]), ports: { git, log: createAuditLog({ git }) }, options, store });
    expect(result.outcomes).toHaveLength(4);
    const tip = repo.git(['rev-parse', 'env/test']);
    expect(repo.git(['rev-parse', `${tip}^1`, `${tip}^2`]).split('\n')).toEqual([main, a]);
    expect(repo.git(['log', '-1', '--format=%(trailers:key=Relctl-Request,valueonly)', tip])).toBe('A');
    expect(repo.git(['show', `${tip}:app.txt`])).toBe('ONE\ntwo\nthree');
    expect(await createAuditLog({ git }).read()).toMatchObject([{ type: 'promoted', requestIds: ['A'], env: 'test' }]);
    expect(await store.loadCurrent()).toBeNull();
    expect((await store.loadLast())?.status).toBe('done');
  });

  it('stops on a conflict with nothing moved, keeps the run for continue, and undo drops it', async () => {
    const before = repo.git(['for-each-ref']);
    const run = executePlan({
      plan: rebuild([
        ['A', a],
        ['B', b],
      ]),
      ports: { git, log: createAuditLog({ git }) },
      options,
      store,
    });
    await expect(run).rejects.toBeInstanceOf(MergeConflictError);
    expect(repo.git(['for-each-ref'])).toBe(before);
    const stopped = await store.loadCurrent();
    expect(stopped?.status).toBe('stopped');
    expect(stopped?.next).toBe(2);
    await expect(executePlan({ plan: rebuild([['A', a]]), ports: { git, log: createAuditLog({ git }) }, options, store })).rejects.toThrow(/unfinished/);
    const undone = await undoRun({ ports: { git, log: createAuditLog({ git }) }, options, store });
    expect(undone.restored).toEqual([]);
    expect(await store.loadCurrent()).toBeNull();
    expect(repo.git(['for-each-ref'])).toBe(before);
  });

  it('continues after the person fixed the request branch, using its new head', async () => {
    const run = executePlan({
      plan: rebuild([
        ['A', a],
        ['B', b],
      ]),
      ports: { git, log: createAuditLog({ git }) },
      options,
      store,
    });
    await expect(run).rejects.toBeInstanceOf(MergeConflictError);
    repo.git(['switch', '-q', 'req/B']);
    repo.git(['merge', '-q', '-X', 'theirs', 'req/A', '-m', 'Resolve with A']);
    const fixed = repo.git(['rev-parse', 'HEAD']);
    repo.git(['switch', '-q', 'main']);
    await continueRun({ ports: { git, log: createAuditLog({ git }) }, options, store, currentHead: async (id) => git.readRef(`refs/heads/req/${id}`) });
    expect(repo.git(['rev-parse', 'env/test^2'])).toBe(fixed);
  });

  it('skipping a stopped merge leaves the request out, and the log says so (promoted names A, demoted names B)', async () => {
    const ports = { git, log: createAuditLog({ git }) };
    const plan = rebuild([
      ['A', a],
      ['B', b],
    ]);
    plan.steps[3] = { kind: 'record', event: { type: 'promoted', env: 'test', requestIds: ['A', 'B'], data: { rebuild: true, shas: { A: a, B: b } } } };
    await expect(executePlan({ plan, ports, options, store })).rejects.toBeInstanceOf(MergeConflictError);
    await continueRun({ ports, options, store, skip: true });
    expect(repo.git(['log', '--format=%(trailers:key=Relctl-Request,valueonly)', '--first-parent', 'main..env/test']).trim()).toBe('A');
    const events = await ports.log.read();
    expect(events.map((event) => [event.type, event.requestIds, event.data?.['shas']])).toEqual([
      ['promoted', ['A'], { A: a }],
      ['demoted', ['B'], undefined],
    ]);
    expect(events[1]).toMatchObject({ env: 'test', data: { leftOut: true, skipped: true, conflicts: ['app.txt'] } });
    expect(events[1]?.reason).toBe('left out of the rebuild: its merge was skipped with "relctl skip" (app.txt)');
  });

  it('refuses to skip a stopped merge into the environment the run releases (its notes without its code), changing nothing', async () => {
    const ports = { git, log: createAuditLog({ git }) };
    const plan = rebuild([
      ['A', a],
      ['B', b],
    ]);
    plan.steps.splice(3, 0, { kind: 'release', ref: 'refs/heads/env/test', env: 'test', requestIds: ['A', 'B'] });
    await expect(executePlan({ plan, ports, options, store })).rejects.toBeInstanceOf(MergeConflictError);
    const before = repo.git(['for-each-ref']);
    await expect(continueRun({ ports, options, store, skip: true })).rejects.toThrow(
      /The merge of B into test cannot be skipped: the release would carry its changeset without its code/,
    );
    expect(repo.git(['for-each-ref'])).toBe(before);
    expect((await store.loadCurrent())?.next).toBe(2);
  });

  it('undoes a finished run: refs back, and an "undone" event instead of a rewound log', async () => {
    const log = createAuditLog({ git });
    await executePlan({ plan: rebuild([['A', a]]), ports: { git, log }, options, store });
    const undone = await undoRun({ ports: { git, log }, options, store });
    expect(undone.restored.map((item) => item.ref).sort()).toEqual(['refs/heads/env/test', AUDIT_LOG_REF]);
    expect(repo.git(['rev-parse', 'env/test'])).toBe(main);
    expect((await log.read()).map((event) => event.type)).toEqual(['promoted', 'undone']);
    await expect(undoRun({ ports: { git, log }, options, store })).rejects.toThrow(/nothing to undo/);
  });

  it('refuses to undo when someone moved a ref since, and moves nothing', async () => {
    const log = createAuditLog({ git });
    await executePlan({ plan: rebuild([['A', a]]), ports: { git, log }, options, store });
    repo.git(['update-ref', 'refs/heads/env/test', b]);
    const before = repo.git(['for-each-ref']);
    await expect(undoRun({ ports: { git, log }, options, store })).rejects.toThrow(/revert instead/);
    expect(repo.git(['for-each-ref'])).toBe(before);
  });
});
