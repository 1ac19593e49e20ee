import { randomBytes } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StateError } from '@relctl/core';
import { DEPLOY_LOCK_FILE, type DeployLockInfo } from './deploy-lock-file.js';

/**
 * Options of {@link acquireDeployLock}.
 *
 * @example
 * ```ts
 * const lock = await acquireDeployLock({ root: '/srv/app', actor: 'Ann <ann@example.com>', env: 'prod', sha, waitMs: 30_000, pollMs: 250 });
 * ```
 */
export interface AcquireDeployLockOptions {
  /** Deploy root (`settings.path`, resolved). */
  root: string;
  actor: string;
  env: string;
  sha: string;
  /** How long to wait for another deploy to finish before refusing. Default 0 (refuse at once). */
  waitMs?: number;
  /** Polling interval while waiting. Default 100. */
  pollMs?: number;
  /** Clock, for the lock's `since`. Default `Date.now`. */
  now?: () => number;
}

/**
 * A held deploy lock.
 *
 * @example
 * ```ts
 * const lock: DeployLock = await acquireDeployLock({ root, actor, env: 'prod', sha });
 * try { await switchCurrent({ root, release: '1.4.0' }); } finally { await lock.release(); }
 * ```
 */
export interface DeployLock {
  readonly file: string;
  readonly info: DeployLockInfo;
  /** Remove the lock file if it is still ours. */
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function readHolder(file: string): Promise<DeployLockInfo | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DeployLockInfo;
  } catch {
    return null;
  }
}

function processGone(holder: DeployLockInfo): boolean {
  if (holder.host !== hostname() || !Number.isInteger(holder.pid)) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Take the deploy lock of a deploy root: `<root>/.relctl-deploy.lock`, created with `O_EXCL`
 * so exactly one deploy (in any process on any machine sharing the folder) holds it. While
 * another deploy holds it, wait up to `waitMs`, then refuse with a `StateError` naming the
 * holder (who, which environment and SHA, since when, which process). A lock left by a crashed
 * deploy is never taken over silently: the message says its process is gone and which file to
 * delete.
 *
 * @example
 * ```ts
 * const lock = await acquireDeployLock({ root: '/srv/app', actor: 'Ann <ann@example.com>', env: 'prod', sha, waitMs: 30_000 });
 * try {
 *   // deploy
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export async function acquireDeployLock(options: AcquireDeployLockOptions): Promise<DeployLock> {
  const file = join(options.root, DEPLOY_LOCK_FILE);
  const now = options.now ?? Date.now;
  const deadline = now() + (options.waitMs ?? 0);
  const info: DeployLockInfo = {
    actor: options.actor,
    env: options.env,
    sha: options.sha,
    since: new Date(now()).toISOString(),
    pid: process.pid,
    host: hostname(),
    token: randomBytes(12).toString('hex'),
  };
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(info)}\n`);
      } finally {
        await handle.close();
      }
      return {
        file,
        info,
        async release() {
          const holder = await readHolder(file);
          if (holder?.token === info.token) await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (now() >= deadline || (holder !== null && processGone(holder))) {
      const who =
        holder === null
          ? 'another deploy (the lock file is being written or unreadable)'
          : `${holder.actor} (deploying ${holder.env} ${String(holder.sha).slice(0, 12)} since ${holder.since}, pid ${holder.pid} on ${holder.host})`;
      const fix =
        holder !== null && processGone(holder)
          ? `that process is gone: delete ${file} and deploy again`
          : `wait for it to finish and deploy again, or delete ${file} if no deploy is running`;
      throw new StateError(`${options.root} is being deployed by ${who}; ${fix}.`, {
        lockFile: file,
        holder: holder === null ? null : { actor: holder.actor, env: holder.env, sha: holder.sha, since: holder.since, pid: holder.pid, host: holder.host },
      });
    }
    await sleep(Math.min(options.pollMs ?? 100, Math.max(1, deadline - now())));
  }
}
