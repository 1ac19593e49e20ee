import type { AuditEvent } from '@relctl/core';

/**
 * Options of {@link lockHolder}.
 *
 * @example
 * ```ts
 * const holder = lockHolder({ events: facts.events, env: 'prod', now: facts.now, ttlMs: 30 * 60_000 });
 * ```
 */
export interface LockHolderOptions {
  /** Audit events, oldest first (as `AuditLogPort.read` returns them). */
  events: readonly AuditEvent[];
  /** Environment whose deploy lock to look at. */
  env: string;
  /** Epoch ms. */
  now: number;
  /** A lock not released after this long has expired (a crashed deploy cannot hold it forever). */
  ttlMs: number;
}

/**
 * Who holds an environment's deploy lock.
 *
 * @example
 * ```ts
 * const holder: DeployLockHolder | null = lockHolder({ events, env: 'prod', now, ttlMs });
 * if (holder) console.log(`locked by ${holder.actor} until ${new Date(holder.expiresAt).toISOString()}`);
 * ```
 */
export interface DeployLockHolder {
  actor: string;
  /** Epoch ms it was taken. */
  at: number;
  /** Epoch ms it expires unless released first. */
  expiresAt: number;
  /** `data.lockId` of the `lock-acquired` event, when it has one. */
  lockId?: string;
  /** The SHA being deployed, when the event names it. */
  sha?: string;
  /** Reason given when the lock was taken by force. */
  reason?: string;
  /** The log commit of the `lock-acquired` event, when read back from the log. */
  eventId?: string;
}

const lockIdOf = (event: AuditEvent): string | undefined => {
  const value = event.data?.['lockId'];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * Who holds the deploy lock of `env` at `now`, from the audit log, or `null` when it is free.
 * Replays the environment's `lock-acquired` / `lock-released` events in log order:
 * - `lock-acquired` makes its actor the holder (the command writing it has already checked the
 *   lock was free, or was forced with a reason, which is kept);
 * - `lock-released` frees the lock only when it releases the current holding: the same
 *   `data.lockId` when the acquisition had one, else the same actor — or when it carries
 *   `data.force: true`. So a late release from a deploy whose lock had expired and was taken by
 *   someone else does not free the newer holder's lock.
 * A holding older than `ttlMs` has expired and counts as free.
 *
 * @example
 * ```ts
 * const holder = lockHolder({ events, env: 'prod', now: Date.now(), ttlMs: 30 * 60_000 });
 * if (holder) throw new StateError(`prod is being deployed by ${holder.actor}; wait, or pass --force with a reason.`);
 * ```
 */
export function lockHolder(options: LockHolderOptions): DeployLockHolder | null {
  let holder: DeployLockHolder | null = null;
  for (const event of options.events) {
    if (event.env !== options.env) continue;
    if (event.type === 'lock-acquired') {
      holder = { actor: event.actor, at: event.at, expiresAt: event.at + options.ttlMs };
      const lockId = lockIdOf(event);
      if (lockId !== undefined) holder.lockId = lockId;
      if (event.sha !== undefined) holder.sha = event.sha;
      if (event.reason !== undefined) holder.reason = event.reason;
      if (event.id !== undefined) holder.eventId = event.id;
    } else if (event.type === 'lock-released' && holder !== null) {
      const lockId = lockIdOf(event);
      const matches = event.data?.['force'] === true || (holder.lockId !== undefined ? lockId === holder.lockId : event.actor === holder.actor);
      if (matches) holder = null;
    }
  }
  if (holder === null || options.now >= holder.expiresAt) return null;
  return holder;
}
