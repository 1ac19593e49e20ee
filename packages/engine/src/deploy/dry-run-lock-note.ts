import { StateError, type AuditEvent } from '@relctl/core';
import { lockHolder } from '@relctl/deploy';

/** Options of {@link dryRunLockNote}. */
export interface DryRunLockNoteOptions {
  events: readonly AuditEvent[];
  env: string;
  now: number;
  ttlMs: number;
  force: boolean;
  waitMs: number;
}

/**
 * What a dry run says about the deploy lock: nothing when it is free; a note when the real run
 * would take it by force or wait for it; otherwise the same refusal the real run gives (a held
 * lock refuses a dry run too, so the dry run never promises what will not happen).
 *
 * @example
 * ```ts
 * const note = dryRunLockNote({ events, env: 'prod', now, ttlMs, force: false, waitMs: 0 });
 * ```
 */
export function dryRunLockNote(options: DryRunLockNoteOptions): string | null {
  const holder = lockHolder(options);
  if (!holder) return null;
  const held = `${options.env} is being deployed by ${holder.actor} (lock taken ${new Date(holder.at).toISOString()}, expires ${new Date(holder.expiresAt).toISOString()})`;
  if (options.force) return `${held}; --force would take the lock.`;
  if (options.waitMs > 0) return `${held}; the real run waits up to ${Math.round(options.waitMs / 1000)}s for it.`;
  throw new StateError(`${held}; wait for it to finish, or pass --force with a reason.`, {
    env: options.env,
    holder: { actor: holder.actor, at: holder.at, expiresAt: holder.expiresAt },
  });
}
