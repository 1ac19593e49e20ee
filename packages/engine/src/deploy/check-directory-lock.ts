import { deployLockRefusal, inspectDeployLock, type DeployLockState } from '@relctl/deploy';

/** Options of {@link checkDirectoryLock}. */
export interface CheckDirectoryLockOptions {
  /** Deploy root of a `directory` environment (settings.path, resolved). */
  root: string;
  /** `--force --reason`: a lock left by a deploy that is gone, or an empty or unreadable one, may be removed. */
  force: boolean;
}

/** A lock file `--force` may remove: its deploy is gone, or it is empty or unreadable. */
export type AbandonedDirectoryLock = Extract<DeployLockState, { state: 'stale' | 'unreadable' }>;

/** An unreadable lock file younger than this may be being written right now. */
const WRITING_MS = 2_000;

/**
 * For `relctl deploy` and `relctl rollback` of a `directory` environment, before the deploy lock
 * is recorded in the audit log (so a refusal logs nothing): is the deploy root's lock file free?
 * Returns `null` when it is, the abandoned lock when `force` may remove it (the caller removes it
 * once it holds the environment's lock), and throws the refusal otherwise — marked `waitable`
 * when waiting can help (a live deploy, a hook still running, a file being written), so `--wait`
 * polls it.
 *
 * @example
 * ```ts
 * const abandoned = await checkDirectoryLock({ root: '/srv/app', force: false });
 * ```
 */
export async function checkDirectoryLock(options: CheckDirectoryLockOptions): Promise<AbandonedDirectoryLock | null> {
  const state = await inspectDeployLock({ root: options.root });
  if (state.state === 'free') return null;
  const abandoned = state.state === 'stale' || (state.state === 'unreadable' && state.ageMs >= WRITING_MS);
  if (abandoned && options.force) return state as AbandonedDirectoryLock;
  const refusal = deployLockRefusal({ root: options.root, state });
  if (!abandoned) Object.defineProperty(refusal, 'waitable', { value: true, enumerable: false });
  throw refusal;
}
