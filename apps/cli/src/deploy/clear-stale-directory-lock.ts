import { readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_LOCK_FILE, type DeployLockInfo } from '@relctl/deploy';

/** Options of {@link clearStaleDirectoryLock}. */
export interface ClearStaleDirectoryLockOptions {
  /** Deploy root of a `directory` environment (settings.path, resolved). */
  root: string;
  /** Process liveness check; default `process.kill(pid, 0)`. */
  alive?: (pid: number) => boolean;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * For `relctl deploy --force --reason …`: remove the `directory` strategy's lock file
 * (`<root>/.relctl-deploy.lock`) when the deploy that wrote it is provably gone — a process of
 * this machine that no longer exists. A lock of another machine, or of a live process, is left
 * alone (the deploy then refuses, naming it). Returns the removed holder, or `null`.
 *
 * @example
 * ```ts
 * const removed = await clearStaleDirectoryLock({ root: '/srv/app' });
 * if (removed) console.error(`removed the lock of ${removed.actor}'s crashed deploy`);
 * ```
 */
export async function clearStaleDirectoryLock(options: ClearStaleDirectoryLockOptions): Promise<DeployLockInfo | null> {
  const file = join(options.root, DEPLOY_LOCK_FILE);
  let holder: DeployLockInfo;
  try {
    holder = JSON.parse(await readFile(file, 'utf8')) as DeployLockInfo;
  } catch {
    return null;
  }
  const alive = options.alive ?? isAlive;
  if (holder.host !== hostname() || !Number.isInteger(holder.pid) || alive(holder.pid)) return null;
  // Remove only the file read above: a new holder writes a new token.
  const again = await readFile(file, 'utf8').catch(() => null);
  if (again === null || (JSON.parse(again) as DeployLockInfo).token !== holder.token) return null;
  await unlink(file).catch(() => undefined);
  return holder;
}
