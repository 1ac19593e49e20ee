import { StateError, type AuditEvent } from '@relctl/core';
import { lockHolder, type DeployLockHolder } from './lock-holder.js';

/**
 * Options of {@link assertDeployLockFree}.
 *
 * @example
 * ```ts
 * assertDeployLockFree({ events, env: 'prod', actor: 'Ann <ann@example.com>', now, ttlMs: 1_800_000, force: { reason: 'holder is on leave' } });
 * ```
 */
export interface AssertDeployLockFreeOptions {
  events: readonly AuditEvent[];
  env: string;
  /** Who wants the lock (`Name <email>`); holding it already is fine. */
  actor: string;
  now: number;
  ttlMs: number;
  /** `--force` with a reason: take the lock whoever holds it. */
  force?: { reason: string };
}

/**
 * Check that `actor` may take the deploy lock of `env`: it is free, expired, already theirs, or
 * `force` is given with a non-empty reason. Otherwise throws a `StateError` naming the holder,
 * since when, and how to proceed. Returns the holder being overridden (for the audit event), or
 * `null`.
 *
 * @example
 * ```ts
 * const overridden = assertDeployLockFree({ events, env: 'prod', actor: 'Ann <ann@example.com>', now, ttlMs: 1_800_000 });
 * ```
 */
export function assertDeployLockFree(options: AssertDeployLockFreeOptions): DeployLockHolder | null {
  const holder = lockHolder(options);
  if (holder === null || holder.actor === options.actor) return null;
  if (options.force !== undefined) {
    if (options.force.reason.trim() === '') {
      throw new StateError(`--force needs a reason: say why you take ${options.env}'s deploy lock from ${holder.actor}.`, { env: options.env });
    }
    return holder;
  }
  const since = new Date(holder.at).toISOString();
  const until = new Date(holder.expiresAt).toISOString();
  throw new StateError(`${options.env} is being deployed by ${holder.actor} (lock taken ${since}, expires ${until}); wait for it to finish, or pass --force with a reason.`, {
    env: options.env,
    holder: { actor: holder.actor, at: holder.at, expiresAt: holder.expiresAt, ...(holder.sha ? { sha: holder.sha } : {}) },
  });
}
