import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF, type GitPort, type Plan, type RemotePort } from '@relctl/core';
import { createAuditLog, createIsomorphicGitPort, createIsomorphicRemote, createSystemGitPort, createSystemRemote, InjectedFault, openRepository, updateRefs } from '@relctl/git';
import { createTempRepo, git as gitIn, gitResult, makeTempDir, openTempRepo, startGitHttpServer, type GitHttpServer, type TempRepo } from '@relctl/testing';
import { continueRun, createFileRunStateStore, executePlan, type RunOptions, type RunStateStore } from '../src/index.js';

const options: RunOptions = {
  actor: 'Runner Test <runner@example.com>',
  identity: { name: 'Runner Test', email: 'runner@example.com' },
  now: () => Date.UTC(2026, 0, 2),
  tagPrefix: 'v',
};

let server: GitHttpServer;
let root: string;
beforeAll(async () => {
  root = makeTempDir('resume-push-root');
  server = await startGitHttpServer({ root });
});
afterAll(() => server.close());

/**
 * Issue 23, case 141: a promotion killed after origin took its push, while the push moved the
 * local remote-tracking refs. `continue` must take that progress (on origin and on the tracking
 * refs, whole or half made) for its own, not for another process's race — on both backends.
 */
describe.each(['isomorphic', 'system'] as const)('runner on the %s backend: continue after a push killed while it moved the remote-tracking refs', (backend) => {
  let repo: TempRepo;
  let origin: TempRepo;
  let git: GitPort & { close?: () => void };
  let remote: RemotePort & { trackingRef(remote: string, ref: string): string | null };
  let store: RunStateStore;
  let main: string;
  let a: string;
  let counter = 0;

  beforeEach(async () => {
    counter += 1;
    const served = join(root, `${backend}-${counter}.git`);
    repo = createTempRepo();
    main = repo.commit('base', { 'app.txt': 'one\n' });
    repo.git(['switch', '-q', '-c', 'req/A']);
    a = repo.commit('A', { 'a.txt': 'A\n' });
    repo.git(['switch', '-q', 'main']);
    repo.git(['branch', 'env/test', 'main']);
    gitIn(root, ['clone', '-q', '--bare', repo.dir, served]);
    origin = openTempRepo(served);
    repo.git(['remote', 'add', 'origin', server.url(`${backend}-${counter}.git`)]);
    repo.git(['fetch', '-q', 'origin']);
    if (backend === 'system') {
      git = createSystemGitPort({ cwd: repo.dir });
      remote = createSystemRemote({ cwd: repo.dir });
    } else {
      const opened = await openRepository({ cwd: repo.dir });
      git = createIsomorphicGitPort({ repo: opened });
      remote = createIsomorphicRemote({ repo: opened, env: {} });
    }
    store = createFileRunStateStore({ dir: mkdtempSync(join(tmpdir(), 'relctl-runstate-')) });
  });
  afterEach(() => {
    git.close?.();
    repo.remove();
  });

  const plan = (): Plan => ({
    command: 'promote A --to test',
    expected: { 'refs/heads/main': main, 'refs/heads/env/test': main, [AUDIT_LOG_REF]: null },
    steps: [
      { kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } },
      { kind: 'merge', ref: 'refs/heads/env/test', env: 'test', requestId: 'A', sha: a, message: 'Merge request A' },
      { kind: 'record', event: { type: 'promoted', env: 'test', requestIds: ['A'] } },
      { kind: 'update-refs', refs: ['refs/heads/env/test', AUDIT_LOG_REF] },
      { kind: 'push', remote: 'origin', refs: ['refs/heads/env/test', AUDIT_LOG_REF] },
    ],
    notes: [],
  });
  const journals = () => {
    try {
      return readdirSync(join(repo.dir, '.git', 'relctl', 'journal'));
    } catch {
      return [];
    }
  };

  /**
   * What the kill leaves: origin holds the whole push; of the tracking refs the first moved, and
   * (isomorphic backend, whose tracking refs move in relctl's own journaled transaction) the
   * transaction for all of them stopped after its journal, its locks in place, its process gone.
   */
  const killedInsideTracking: () => RemotePort = () => ({
    ...remote,
    push: async (name, updates) => {
      repo.git(['push', '-q', origin.dir, ...updates.map((update) => `${update.next}:${update.ref}`)]);
      const moves = updates.flatMap((update) => {
        const tracking = remote.trackingRef(name, update.ref);
        return tracking
          ? [{ ref: tracking, expected: gitResult(repo.dir, ['rev-parse', '-q', '--verify', tracking], { allowFailure: true }).stdout || null, next: update.next }]
          : [];
      });
      if (backend === 'system') {
        repo.git(['update-ref', moves[0]!.ref, moves[0]!.next!]);
      } else {
        const opened = await openRepository({ cwd: repo.dir });
        const faultHook = (point: string) => {
          if (point === 'tx:after-rename:1') throw new InjectedFault(point);
        };
        await expect(updateRefs({ repo: opened, updates: moves, message: `relctl: push ${name}`, faultHook })).rejects.toBeInstanceOf(InjectedFault);
        // Written by this test process; as the killed process's it is a dead one's.
        for (const file of journals()) {
          const path = join(repo.dir, '.git', 'relctl', 'journal', file);
          writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), pid: 999_999_999, hostname: 'a-dead-process' }));
        }
      }
      throw new Error('killed');
    },
  });

  it('continue finishes: origin untouched, every tracking ref at the pushed value, nothing left over', async () => {
    const log = createAuditLog({ git });
    await expect(executePlan({ plan: plan(), ports: { git, log, remote: killedInsideTracking() }, options, store })).rejects.toThrow('killed');
    const tip = repo.git(['rev-parse', 'env/test']);
    const logTip = repo.git(['rev-parse', AUDIT_LOG_REF]);
    expect(origin.git(['rev-parse', 'refs/heads/env/test', AUDIT_LOG_REF])).toBe(`${tip}\n${logTip}`);
    expect(repo.git(['rev-parse', 'refs/remotes/origin/env/test'])).toBe(tip);
    if (backend === 'isomorphic') expect(journals()).not.toEqual([]);

    const result = await continueRun({ ports: { git, log, remote }, options, store });

    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]).toMatch(/^pushed \d ref\(s\) to origin/);
    expect(origin.git(['rev-parse', 'refs/heads/env/test', AUDIT_LOG_REF])).toBe(`${tip}\n${logTip}`);
    expect(repo.git(['rev-parse', 'refs/remotes/origin/env/test', 'refs/remotes/origin/relctl/log'])).toBe(`${tip}\n${logTip}`);
    expect(journals()).toEqual([]);
    expect(await store.loadCurrent()).toBeNull();
  });
});
