import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF, type Plan, type RemotePort } from '@relctl/core';
import { createAuditLog, createSystemGitPort, createSystemRemote, type SystemGitPort } from '@relctl/git';
import { createTempRepo, git as gitIn, type TempRepo } from '@relctl/testing';
import { continueRun, createFileRunStateStore, executePlan, undoRun, type RunOptions, type RunState, type RunStateStore } from '../src/index.js';

const options: RunOptions = {
  actor: 'Runner Test <runner@example.com>',
  identity: { name: 'Runner Test', email: 'runner@example.com' },
  now: () => Date.UTC(2026, 0, 2),
  tagPrefix: 'v',
};

/** A remote whose push sends the first ref, then loses the connection. */
function cutOffAfterFirstRef(remote: RemotePort): RemotePort {
  return {
    ...remote,
    push: async (name, updates) => {
      await remote.push(name, updates.slice(0, 1));
      throw new Error('connection lost');
    },
  };
}

/**
 * A run killed between steps of its own making: right after its ref transaction (before the run
 * state says so), or in the middle of its push. `continue` must finish it and `undo` must take it
 * back, locally and on the remote, without mistaking the run's own work for someone else's race.
 */
describe('runner: continue and undo after a crash', () => {
  let repo: TempRepo;
  let origin: TempRepo;
  let git: SystemGitPort;
  let remote: RemotePort;
  let store: RunStateStore;
  let main: string;
  let a: string;

  beforeEach(() => {
    origin = createTempRepo({ bare: true });
    repo = createTempRepo();
    main = repo.commit('base', { 'app.txt': 'one\n' });
    repo.git(['switch', '-q', '-c', 'req/A']);
    a = repo.commit('A', { 'a.txt': 'A\n' });
    repo.git(['switch', '-q', 'main']);
    repo.git(['branch', 'env/test', 'main']);
    repo.git(['remote', 'add', 'origin', origin.dir]);
    repo.git(['push', '-q', 'origin', 'main', 'env/test', 'req/A']);
    git = createSystemGitPort({ cwd: repo.dir });
    remote = createSystemRemote({ cwd: repo.dir });
    store = createFileRunStateStore({ dir: mkdtempSync(join(tmpdir(), 'relctl-runstate-')) });
  });
  afterEach(() => {
    git.close();
    repo.remove();
    origin.remove();
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
  const originRef = (ref: string) => gitIn(origin.dir, ['for-each-ref', '--format=%(objectname)', ref]);

  /** A store that "dies" (throws) instead of saving the state after step `index` completed. */
  const dyingAfter = (index: number): RunStateStore => {
    let died = false;
    return {
      ...store,
      async saveCurrent(state: RunState) {
        if (!died && state.next === index + 1 && state.status === 'running') {
          died = true;
          throw new Error('killed');
        }
        await store.saveCurrent(state);
      },
    };
  };

  it('a crash after the ref transaction, before the state was saved: continue finishes without a false race', async () => {
    const log = createAuditLog({ git });
    await expect(executePlan({ plan: plan(), ports: { git, log, remote }, options, store: dyingAfter(3) })).rejects.toThrow('killed');
    const saved = await store.loadCurrent();
    expect(saved?.next).toBe(3);
    expect(saved?.after).toBeUndefined();
    const moved = repo.git(['rev-parse', 'env/test']);
    expect(moved).not.toBe(main);
    const result = await continueRun({ ports: { git, log, remote }, options, store });
    expect(result.outcomes[0]).toMatch(/^moved env\/test/);
    expect(repo.git(['rev-parse', 'env/test'])).toBe(moved);
    expect(originRef('refs/heads/env/test')).toBe(moved);
    expect(originRef(AUDIT_LOG_REF)).toBe(repo.git(['rev-parse', AUDIT_LOG_REF]));
    expect(await store.loadCurrent()).toBeNull();
  });

  it('the same crash, then undo: the transaction that did happen is taken back', async () => {
    const log = createAuditLog({ git });
    await expect(executePlan({ plan: plan(), ports: { git, log, remote }, options, store: dyingAfter(3) })).rejects.toThrow('killed');
    const undone = await undoRun({ ports: { git, log, remote }, options, store, remote: 'origin' });
    expect(undone.restored.map((item) => item.ref)).toEqual(['refs/heads/env/test', AUDIT_LOG_REF]);
    expect(repo.git(['rev-parse', 'env/test'])).toBe(main);
    expect(originRef('refs/heads/env/test')).toBe(main);
    expect((await log.read()).map((event) => event.type)).toEqual(['promoted', 'undone']);
    expect(await store.loadCurrent()).toBeNull();
  });

  it('a push cut off after its first ref: continue pushes only the rest', async () => {
    const log = createAuditLog({ git });
    const cutOff = cutOffAfterFirstRef(remote);
    await expect(executePlan({ plan: plan(), ports: { git, log, remote: cutOff }, options, store })).rejects.toThrow('connection lost');
    const tip = repo.git(['rev-parse', 'env/test']);
    expect(originRef('refs/heads/env/test')).toBe(tip);
    expect(originRef(AUDIT_LOG_REF)).toBe('');
    const result = await continueRun({ ports: { git, log, remote }, options, store });
    // (The system git reports a ref already at its new value as up to date; other backends need the probe.)
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]).toMatch(/^pushed \d ref\(s\) to origin/);
    expect(originRef(AUDIT_LOG_REF)).toBe(repo.git(['rev-parse', AUDIT_LOG_REF]));
  });

  it('a push that reached origin whole but died before the remote-tracking refs were written: continue brings them up to date', async () => {
    const log = createAuditLog({ git });
    const trackingBefore = repo.git(['rev-parse', 'refs/remotes/origin/env/test']);
    const diedAfterSend: RemotePort = {
      ...remote,
      push: async (name, updates) => {
        // What a SIGKILL between the remote's answer and the local update-ref leaves: origin moved, tracking refs not.
        await remote.push(name, updates);
        for (const update of updates) {
          const tracking = remote.trackingRef(name, update.ref);
          if (tracking === null) continue;
          if (update.lease === null) repo.git(['update-ref', '-d', tracking]);
          else repo.git(['update-ref', tracking, update.lease]);
        }
        throw new Error('killed');
      },
    };
    await expect(executePlan({ plan: plan(), ports: { git, log, remote: diedAfterSend }, options, store })).rejects.toThrow('killed');
    const tip = repo.git(['rev-parse', 'env/test']);
    expect(originRef('refs/heads/env/test')).toBe(tip);
    expect(repo.git(['rev-parse', 'refs/remotes/origin/env/test'])).toBe(trackingBefore);
    const result = await continueRun({ ports: { git, log, remote }, options, store });
    expect(result.outcomes[0]).toMatch(/^pushed 0 ref\(s\) to origin \(\d already there\)|^pushed \d ref\(s\) to origin/);
    expect(repo.git(['rev-parse', 'refs/remotes/origin/env/test'])).toBe(tip);
    expect(repo.git(['rev-parse', 'refs/remotes/origin/relctl/log'])).toBe(repo.git(['rev-parse', AUDIT_LOG_REF]));
  });

  it('the same cut-off push, then undo: origin is put back, the log keeps the events and says undone', async () => {
    const log = createAuditLog({ git });
    const cutOff = cutOffAfterFirstRef(remote);
    await expect(executePlan({ plan: plan(), ports: { git, log, remote: cutOff }, options, store })).rejects.toThrow('connection lost');
    await undoRun({ ports: { git, log, remote }, options, store, remote: 'origin' });
    expect(repo.git(['rev-parse', 'env/test'])).toBe(main);
    expect(originRef('refs/heads/env/test')).toBe(main);
    expect(originRef(AUDIT_LOG_REF)).toBe(repo.git(['rev-parse', AUDIT_LOG_REF]));
    expect((await log.read()).map((event) => event.type)).toEqual(['promoted', 'undone']);
  });

  it('a real race during a continued push is still a race', async () => {
    const log = createAuditLog({ git });
    const failing: RemotePort = { ...remote, push: async () => Promise.reject(new Error('connection lost')) };
    await expect(executePlan({ plan: plan(), ports: { git, log, remote: failing }, options, store })).rejects.toThrow('connection lost');
    // Someone else moves env/test on origin meanwhile.
    gitIn(repo.dir, ['push', '-q', '--force', 'origin', `${a}:refs/heads/env/test`]);
    await expect(continueRun({ ports: { git, log, remote }, options, store })).rejects.toMatchObject({ code: 'RemoteRaceError' });
    expect(originRef('refs/heads/env/test')).toBe(a);
    expect(originRef(AUDIT_LOG_REF)).toBe('');
  });
});
