import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOY_LOCK_FILE } from '@relctl/deploy';
import { makeTempDir } from '@relctl/testing';
import { clearStaleDirectoryLock } from './clear-stale-directory-lock.js';

describe('clearStaleDirectoryLock', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));
  const lockIn = (holder: Record<string, unknown>) => {
    const root = makeTempDir('stale-lock');
    roots.push(root);
    writeFileSync(join(root, DEPLOY_LOCK_FILE), `${JSON.stringify({ actor: 'Ann <a@x>', env: 'prod', sha: 'abc', since: '', token: 't1', ...holder })}\n`);
    return root;
  };

  it('removes the lock of a process of this machine that is gone, and returns its holder', async () => {
    const root = lockIn({ host: hostname(), pid: 4242 });
    expect(await clearStaleDirectoryLock({ root, alive: () => false })).toMatchObject({ actor: 'Ann <a@x>', pid: 4242 });
    expect(existsSync(join(root, DEPLOY_LOCK_FILE))).toBe(false);
  });

  it('keeps the lock of a live process, of another machine, and does nothing without a lock', async () => {
    const live = lockIn({ host: hostname(), pid: process.pid });
    expect(await clearStaleDirectoryLock({ root: live })).toBeNull();
    expect(existsSync(join(live, DEPLOY_LOCK_FILE))).toBe(true);
    const elsewhere = lockIn({ host: `not-${hostname()}`, pid: 4242 });
    expect(await clearStaleDirectoryLock({ root: elsewhere, alive: () => false })).toBeNull();
    expect(existsSync(join(elsewhere, DEPLOY_LOCK_FILE))).toBe(true);
    const empty = makeTempDir('stale-lock');
    roots.push(empty);
    expect(await clearStaleDirectoryLock({ root: empty })).toBeNull();
  });
});
