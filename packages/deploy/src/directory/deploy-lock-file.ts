/**
 * Name of the lock file in a deploy root.
 *
 * @example
 * ```ts
 * const lockFile = join(root, DEPLOY_LOCK_FILE); // '/srv/app/.relctl-deploy.lock'
 * ```
 */
export const DEPLOY_LOCK_FILE = '.relctl-deploy.lock';

/**
 * What a deploy lock file holds (JSON).
 *
 * @example
 * ```ts
 * const info: DeployLockInfo = { actor: 'Ann <ann@example.com>', env: 'prod', sha, since: '2026-01-15T10:00:00.000Z', pid: 4242, host: 'web1', token: 'f3a9c1…' };
 * ```
 */
export interface DeployLockInfo {
  actor: string;
  env: string;
  sha: string;
  /** ISO time the lock was taken. */
  since: string;
  pid: number;
  host: string;
  /** Random token: only the holder that wrote it removes the file. */
  token: string;
  /**
   * The hook running now, while one runs: its process group. A deploy killed by SIGKILL cannot
   * stop its hook, so a takeover checks that no process of this group is left.
   */
  hook?: DeployLockHook;
}

/**
 * The hook a deploy lock's holder is running.
 *
 * @example
 * ```ts
 * const hook: DeployLockHook = { step: 'before', pgid: 31337, since: '2026-01-15T10:00:02.000Z' };
 * ```
 */
export interface DeployLockHook {
  step: 'before' | 'after';
  /** Process group id (the hook's pid: it leads its own group). */
  pgid: number;
  /** ISO time it started. */
  since: string;
}
