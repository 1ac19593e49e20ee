import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateError } from '@relctl/core';
import { makeTempDir } from '@relctl/testing';
import { acquireDeployLock } from './acquire-deploy-lock.js';
import { DEPLOY_LOCK_FILE } from './deploy-lock-file.js';
import { inspectDeployLock } from './inspect-deploy-lock.js';
import { removeAbandonedDeployLock } from './remove-abandoned-deploy-lock.js';

/** A pid no process has (above Linux's largest pid_max). */
const GONE = 2 ** 22 + 17;
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function refusal(promise: Promise<unknown>): Promise<StateError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StateError);
    return error as StateError;
  }
  throw new Error('expected a refusal');
}

describe('deploy lock of a directory root', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));
  const rootWith = (content: string | null, ageMs = 60_000): string => {
    const root = makeTempDir('deploy-lock');
    roots.push(root);
    if (content !== null) {
      const file = join(root, DEPLOY_LOCK_FILE);
      writeFileSync(file, content);
      const at = new Date(Date.now() - ageMs);
      utimesSync(file, at, at);
    }
    return root;
  };
  const holder = (extra: Record<string, unknown> = {}) =>
    `${JSON.stringify({ actor: 'Ann <ann@example.com>', env: 'prod', sha: 'a'.repeat(40), since: '2026-01-01T00:00:00.000Z', pid: GONE, host: hostname(), token: 't1', ...extra })}\n`;
  const take = (root: string, waitMs = 0) => acquireDeployLock({ root, actor: 'Bo <bo@example.com>', env: 'prod', sha: 'b'.repeat(40), waitMs, pollMs: 20 });

  it("a killed deploy whose hook still runs: never taken over until the hook's whole process group has ended", async () => {
    // The orphaned hook: its own process group, as runDeployProcess starts hooks.
    const hook = spawn('sh', ['-c', 'sleep 30 & sleep 30'], { detached: true, stdio: 'ignore' });
    const pgid = hook.pid!;
    try {
      const root = rootWith(holder({ hook: { step: 'before', pgid, since: '2026-01-01T00:00:01.000Z' } }));
      expect(await inspectDeployLock({ root })).toMatchObject({ state: 'hook-running', holder: { hook: { pgid } } });
      const refused = await refusal(take(root, 200));
      expect(refused.message).toBe(
        `${root} is locked by Ann <ann@example.com>'s deploy of prod ${'a'.repeat(12)} (pid ${GONE} on ${hostname()}), which is gone, but its before hook (process group ${pgid}, since 2026-01-01T00:00:01.000Z) is still running; wait for it to end or stop it ("kill -TERM -- -${pgid}"), then deploy again with --force --reason "…".`,
      );
      // The group leader alone ending is not enough: its background child is in the group too.
      process.kill(pgid, 'SIGKILL');
      await sleep(100);
      expect((await inspectDeployLock({ root })).state).toBe('hook-running');
      process.kill(-pgid, 'SIGKILL');
      await sleep(100);
      const stale = await inspectDeployLock({ root });
      expect(stale.state).toBe('stale');
      expect((await refusal(take(root))).message).toMatch(/which is gone; pass --force --reason "…" to remove .*\.relctl-deploy\.lock and deploy\.$/);
      if (stale.state !== 'stale') throw new Error('unreachable');
      expect(await removeAbandonedDeployLock({ state: stale })).toBe(true);
      const lock = await take(root);
      await lock.release();
    } finally {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('an empty or garbled lock file is refused at once naming it; a young one is waited for; removal needs the same content', async () => {
    const empty = rootWith('');
    const started = Date.now();
    expect((await refusal(take(empty, 10_000))).message).toMatch(
      /\.relctl-deploy\.lock is empty \(written .*\); if no deploy is running in .*, pass --force --reason "…" to remove it and deploy\.$/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const garbled = rootWith('{"actor": "Ann');
    expect((await refusal(take(garbled))).message).toMatch(/cannot be read as a relctl deploy lock \(14 bytes, written /);
    const state = await inspectDeployLock({ root: garbled });
    if (state.state !== 'unreadable') throw new Error(`unexpected ${state.state}`);
    writeFileSync(join(garbled, DEPLOY_LOCK_FILE), holder({ pid: process.pid, token: 'new' }));
    expect(await removeAbandonedDeployLock({ state })).toBe(false);
    expect(existsSync(join(garbled, DEPLOY_LOCK_FILE))).toBe(true);

    // Being written right now (a fallback writer between create and write): waited for, then taken once it is gone.
    const young = rootWith('', 0);
    setTimeout(() => rmSync(join(young, DEPLOY_LOCK_FILE)), 300);
    const lock = await take(young, 0);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ actor: 'Bo <bo@example.com>', pid: process.pid });
    await lock.release();
  });

  it('records the running hook in the lock and clears it, keeping the token', async () => {
    const root = rootWith(null);
    const lock = await take(root);
    await lock.recordHook({ step: 'after', pgid: 4242, since: 'now' });
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ token: lock.info.token, hook: { step: 'after', pgid: 4242 } });
    await lock.recordHook(null);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).hook).toBeUndefined();
    expect((await inspectDeployLock({ root })).state).toBe('held');
    await lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });
});
