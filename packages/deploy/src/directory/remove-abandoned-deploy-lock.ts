import { readFile, unlink } from 'node:fs/promises';
import type { DeployLockState } from './inspect-deploy-lock.js';

/**
 * Options of {@link removeAbandonedDeployLock}.
 *
 * @example
 * ```ts
 * await removeAbandonedDeployLock({ state });
 * ```
 */
export interface RemoveAbandonedDeployLockOptions {
  /** A `stale` or `unreadable` lock, as {@link inspectDeployLock} read it. */
  state: Extract<DeployLockState, { state: 'stale' | 'unreadable' }>;
}

/**
 * For `--force --reason`: remove a deploy lock left behind by a deploy that is gone (`stale`) or
 * a lock file that is empty or unreadable — only when the file still holds exactly what was
 * inspected (a deploy that took the lock since writes a new one, and keeps it). Returns whether
 * it removed the file.
 *
 * @example
 * ```ts
 * const state = await inspectDeployLock({ root });
 * if (force && (state.state === 'stale' || state.state === 'unreadable')) await removeAbandonedDeployLock({ state });
 * ```
 */
export async function removeAbandonedDeployLock(options: RemoveAbandonedDeployLockOptions): Promise<boolean> {
  const { state } = options;
  const again = await readFile(state.file, 'utf8').catch(() => null);
  if (again === null || again !== state.content) return false;
  try {
    await unlink(state.file);
    return true;
  } catch {
    return false;
  }
}
