import { AUDIT_LOG_REF, StateError, type AuditEvent, type GitPort } from '@relctl/core';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIsomorphicGitPort } from '../isomorphic/index.js';
import { openRepository } from '../repo/index.js';
import { createSystemGitPort } from '../system/index.js';
import { createAuditLog as createAuditLogOf } from './create-audit-log.js';
import { mergeAuditLogs } from './merge-audit-logs.js';

const kim = 'Kim Lee <kim@example.com>';
const ann = 'Ann Park <ann@example.com>';
const T = 1_767_225_600_000;

function event(type: AuditEvent['type'], at: number, actor: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return { type, at, actor, ...extra };
}

const backends: Array<[string, (dir: string) => Promise<GitPort & { close?(): void }>, boolean]> = [
  ['system git', async (dir) => createSystemGitPort({ cwd: dir }), false],
  ['isomorphic-git', async (dir) => createIsomorphicGitPort({ repo: await openRepository({ cwd: dir }) }), false],
  // With `repo`, read goes through the in-process pack reader: the same events, every test.
  ['system git, read in process', async (dir) => createSystemGitPort({ cwd: dir }), true],
  ['isomorphic-git, read in process', async (dir) => createIsomorphicGitPort({ repo: await openRepository({ cwd: dir }) }), true],
];

describe.each(backends)('createAuditLog over %s', (_name, makePort, inProcess) => {
  let repo: TempRepo;
  let git: GitPort & { close?(): void };
  let createAuditLog: typeof createAuditLogOf;
  beforeEach(async () => {
    repo = createTempRepo();
    repo.commit('init', { 'a.txt': 'a\n' });
    git = await makePort(repo.dir);
    const handle = inProcess ? await openRepository({ cwd: repo.dir }) : undefined;
    createAuditLog = (options) => createAuditLogOf({ ...options, ...(handle ? { repo: handle } : {}) });
  });
  afterEach(() => {
    git.close?.();
    repo.remove();
  });

  it('appends one empty-tree commit per event, authored by the actor, without moving any ref', async () => {
    const refsBefore = repo.git(['for-each-ref']);
    const log = createAuditLog({ git });
    const events = [
      event('request-created', T, kim, { requestIds: ['A'], data: { title: 'Add CSV export' } }),
      event('approved', T + 1500, ann, { requestIds: ['A'], env: 'prod', sha: 'f'.repeat(40) }),
    ];
    const tip = await log.append(null, events);
    expect(repo.git(['for-each-ref'])).toBe(refsBefore);
    expect(repo.git(['rev-list', '--count', tip])).toBe('2');
    expect(repo.git(['log', '--format=%T|%an <%ae>|%at|%s', tip]).split('\n')).toEqual([
      `4b825dc642cb6eb9a060e54bf8d69288fbee4904|${ann}|${(T + 1500) / 1000 - 0.5}|relctl: approved A for prod`,
      `4b825dc642cb6eb9a060e54bf8d69288fbee4904|${kim}|${T / 1000}|relctl: created request A`,
    ]);
    const read = await log.read(tip);
    const ids = repo.git(['rev-list', '--reverse', tip]).split('\n');
    expect(read).toEqual(events.map((e, index) => ({ ...e, id: ids[index] })));
  });

  it('reads refs/relctl/log by default, and nothing when it is absent', async () => {
    const log = createAuditLog({ git });
    expect(await log.read()).toEqual([]);
    expect(await log.read(null)).toEqual([]);
    const first = await log.append(null, [event('deployed', T, kim, { env: 'prod', sha: 'a'.repeat(40) })]);
    await git.updateRefs([{ ref: AUDIT_LOG_REF, expected: null, next: first }], { message: 'log' });
    const tip = await log.append(first, [event('rolled-back', T + 60_000, kim, { env: 'prod', reason: 'broken' })]);
    expect((await log.read()).map((e) => e.type)).toEqual(['deployed']);
    await git.updateRefs([{ ref: AUDIT_LOG_REF, expected: first, next: tip }], { message: 'log' });
    expect((await log.read()).map((e) => [e.type, e.reason])).toEqual([
      ['deployed', undefined],
      ['rolled-back', 'broken'],
    ]);
  });

  it('keeps append order for events of the same second', async () => {
    const log = createAuditLog({ git });
    const events = ['promoted', 'released', 'deployed', 'synced', 'lock-released'].map((type) => event(type as AuditEvent['type'], T, kim));
    const read = await log.read(await log.append(null, events));
    expect(read.map((e) => e.type)).toEqual(events.map((e) => e.type));
  });

  it('returns the parent when there is nothing to append', async () => {
    const log = createAuditLog({ git });
    const tip = await log.append(null, [event('synced', T, kim)]);
    expect(await log.append(tip, [])).toBe(tip);
    await expect(log.append(null, [])).rejects.toThrow(/nothing to append/);
  });

  it('refuses a log commit that is not a relctl event, or skips it when asked', async () => {
    const log = createAuditLog({ git });
    const good = await log.append(null, [event('approved', T, kim, { requestIds: ['A'] })]);
    const empty = repo.git(['hash-object', '-t', 'tree', '-w', '--stdin'], '');
    const bad = repo.git(['commit-tree', empty, '-p', good, '-m', 'hand-written\n\nRelctl-Event: {"v":1,"type":"approved","requestIds":"A"}']);
    const after = await log.append(bad, [event('synced', T + 1000, kim)]);
    await expect(log.read(after)).rejects.toBeInstanceOf(StateError);
    await expect(log.read(after)).rejects.toThrow(bad.slice(0, 12));
    const skipped = await createAuditLog({ git, onMalformed: 'skip' }).read(after);
    expect(skipped.map((e) => e.type)).toEqual(['approved', 'synced']);
  });

  it('merges logs of two clones so every event survives, in time order', async () => {
    const log = createAuditLog({ git });
    const base = await log.append(null, [event('request-created', T, kim, { requestIds: ['A'] })]);
    const ours = await log.append(base, [event('approved', T + 10_000, kim), event('promoted', T + 30_000, kim)]);
    const theirs = await log.append(base, [event('approved', T + 20_000, ann), event('deployed', T + 40_000, ann)]);

    expect(await mergeAuditLogs({ git, ours, theirs: base, actor: kim, at: T + 50_000 })).toBe(ours);
    expect(await mergeAuditLogs({ git, ours: base, theirs, actor: kim, at: T + 50_000 })).toBe(theirs);
    expect(await mergeAuditLogs({ git, ours: null, theirs, actor: kim, at: T + 50_000 })).toBe(theirs);
    expect(await mergeAuditLogs({ git, ours, theirs: null, actor: kim, at: T + 50_000 })).toBe(ours);

    const merged = await mergeAuditLogs({ git, ours, theirs, actor: kim, at: T + 50_000 });
    expect(merged).not.toBeNull();
    expect(repo.git(['rev-parse', `${merged}^1`, `${merged}^2`, `${merged}^{tree}`]).split('\n')).toEqual([ours, theirs, '4b825dc642cb6eb9a060e54bf8d69288fbee4904']);
    const read = await log.read(merged);
    expect(read.map((e) => `${e.type}@${(e.at - T) / 1000}`)).toEqual(['request-created@0', 'approved@10', 'approved@20', 'promoted@30', 'deployed@40']);
    expect(new Set(read.map((e) => e.id)).size).toBe(5);

    // Appending after the merge, then merging again with a stale side, still keeps everything once.
    const later = await log.append(merged, [event('released', T + 60_000, kim, { data: { version: '1.0.0' } })]);
    const again = await mergeAuditLogs({ git, ours: later, theirs, actor: ann, at: T + 70_000 });
    expect(again).toBe(later);
    expect((await log.read(later)).map((e) => e.type)).toEqual(['request-created', 'approved', 'approved', 'promoted', 'deployed', 'released']);
  });
});

describe('createAuditLog with repo', () => {
  it('reads in process without a port call per chain, and falls back to the port when that read fails', async () => {
    const repo = createTempRepo();
    const elsewhere = createTempRepo();
    try {
      repo.commit('init', { 'a.txt': 'a\n' });
      elsewhere.commit('init', { 'b.txt': 'b\n' });
      const port = createSystemGitPort({ cwd: repo.dir });
      const writer = createAuditLogOf({ git: port });
      const base = await writer.append(null, [event('request-created', T, kim, { requestIds: ['A'] })]);
      const ours = await writer.append(base, [event('approved', T + 10_000, kim)]);
      const theirs = await writer.append(base, [event('deployed', T + 20_000, ann)]);
      const merged = (await mergeAuditLogs({ git: port, ours, theirs, actor: kim, at: T + 30_000 })) as string;
      const expected = await writer.read(merged);
      expect(expected.map((e) => e.type)).toEqual(['request-created', 'approved', 'deployed']);

      let walks = 0;
      const counting: GitPort = Object.create(port) as GitPort;
      counting.firstParentHistory = (...args) => ((walks += 1), port.firstParentHistory(...args));
      counting.mergeBases = (...args) => ((walks += 1), port.mergeBases(...args));
      const inProcess = createAuditLogOf({ git: counting, repo: await openRepository({ cwd: repo.dir }) });
      expect(await inProcess.read(merged)).toEqual(expected);
      expect(walks).toBe(0);

      // A repository handle that cannot see these commits: the port answers, with the same events.
      const fallback = createAuditLogOf({ git: counting, repo: await openRepository({ cwd: elsewhere.dir }) });
      expect(await fallback.read(merged)).toEqual(expected);
      expect(walks).toBeGreaterThan(0);
      port.close();
    } finally {
      repo.remove();
      elsewhere.remove();
    }
  });
});
