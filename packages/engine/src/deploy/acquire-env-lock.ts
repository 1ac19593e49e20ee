import { randomBytes } from 'node:crypto';
import { StateError, type AuditEventDraft, type Sha } from '@relctl/core';
import { assertDeployLockFree, lockHolder, type DeployLockHolder } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { appendAuditEvents } from './append-audit-events.js';

/** Options of {@link acquireEnvLock}. */
export interface AcquireEnvLockOptions {
  context: CliContext;
  env: string;
  /** The SHA about to be deployed (named in the lock event, so others see what is going on). */
  sha: Sha;
  /** The command as typed, for the ref-log message. */
  command: string;
  ttlMs: number;
  /** `--force --reason`: take the lock whoever holds it. */
  force?: { reason: string };
  /** Wait this long for a held lock to be released before refusing. Default 0. */
  waitMs?: number;
  /** Poll interval while waiting. Default 1000. */
  pollMs?: number;
  /** The caller fetched just now. */
  fetched?: boolean;
  /** Told once when the lock is held and relctl waits. */
  onWait?: (holder: DeployLockHolder) => void;
  /**
   * Run on the exact log tip after the lock was found free, before it is taken: a refusal it
   * throws (the deploy root's own lock) leaves the log untouched. An error with a `waitable`
   * property is waited on like a held lock.
   */
  check?: () => Promise<void>;
}

/** A held deploy lock: release it by appending {@link HeldEnvLock.releaseEvent} with the deployment's own events. */
export interface HeldEnvLock {
  lockId: string;
  /** The holder that was overridden with `--force`, if any. */
  overridden: DeployLockHolder | null;
  /** The `lock-released` event that frees exactly this holding. */
  releaseEvent: AuditEventDraft;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Take the deploy lock of an environment: append `lock-acquired` (with a fresh `lockId`) to the
 * audit log by compare-and-swap of `refs/relctl/log`, after checking on exactly that log tip
 * that nobody holds it. Two relctl processes racing append on the same tip: one wins, the other
 * reads the log again, sees the lock, and is refused with the holder's name — even when both
 * run as the same person (a CI bot, two terminals). `force` takes it anyway (the reason is
 * recorded on the event, with the holder it overrode); `waitMs` polls before refusing.
 *
 * @example
 * ```ts
 * const lock = await acquireEnvLock({ context, env: 'prod', sha, command: 'deploy prod', ttlMs: 1_200_000 });
 * // … deploy …
 * await appendAuditEvents({ context, command: 'deploy prod', build: () => [deployed, lock.releaseEvent] });
 * ```
 */
export async function acquireEnvLock(options: AcquireEnvLockOptions): Promise<HeldEnvLock> {
  const { context, env } = options;
  const lockId = `${options.sha.slice(0, 12)}-${randomBytes(6).toString('hex')}`;
  const deadline = context.io.now() + (options.waitMs ?? 0);
  let told = false;
  let fetched = options.fetched ?? false;
  for (;;) {
    let overridden: DeployLockHolder | null = null;
    try {
      await appendAuditEvents({
        context,
        command: options.command,
        fetched,
        build: async (events) => {
          overridden = checkFree({ ...options, events });
          await options.check?.();
          const event: AuditEventDraft = {
            type: 'lock-acquired',
            env,
            sha: options.sha,
            data: {
              lockId,
              ttlMs: options.ttlMs,
              command: options.command,
              ...(overridden ? { overridden: { actor: overridden.actor, at: overridden.at, ...(overridden.lockId ? { lockId: overridden.lockId } : {}) } } : {}),
            },
          };
          if (options.force) event.reason = options.force.reason;
          return [event];
        },
      });
      return { lockId, overridden, releaseEvent: { type: 'lock-released', env, sha: options.sha, data: { lockId } } };
    } catch (error) {
      const holder = (error as { lockHolder?: DeployLockHolder }).lockHolder;
      const waitable = holder !== undefined || (error as { waitable?: boolean }).waitable === true;
      if (!waitable || context.io.now() >= deadline) throw error;
      if (!told && holder) options.onWait?.(holder);
      if (!told && !holder)
        context.emit({ type: 'progress', message: `${error instanceof Error ? error.message : String(error)} Waiting up to ${Math.round((options.waitMs ?? 0) / 1000)}s.` });
      told = true;
      fetched = false;
      await sleep(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - context.io.now())));
    }
  }
}

function checkFree(options: AcquireEnvLockOptions & { events: Parameters<typeof lockHolder>[0]['events'] }): DeployLockHolder | null {
  const { context, env, events, ttlMs } = options;
  const now = context.io.now();
  const holder = lockHolder({ events, env, now, ttlMs });
  if (holder === null) return null;
  // Taken by force: the holder being overridden goes on the event.
  if (options.force) return holder;
  let error: unknown;
  if (holder.actor !== context.actor) {
    // Another person: the deploy package's message (who, since when, until when, what to do).
    try {
      assertDeployLockFree({ events, env, actor: context.actor, now, ttlMs });
    } catch (refused) {
      error = refused;
    }
  }
  // The same person in another process (two terminals, a CI bot): refused as well.
  error ??= new StateError(
    `${env} is being deployed by ${holder.actor} (you, in another relctl process; lock taken ${new Date(holder.at).toISOString()}, expires ${new Date(holder.expiresAt).toISOString()}); wait for it to finish, or pass --force --reason "…" if that deploy crashed.`,
    { env, holder: { actor: holder.actor, at: holder.at, expiresAt: holder.expiresAt, ...(holder.sha ? { sha: holder.sha } : {}) } },
  );
  Object.defineProperty(error, 'lockHolder', { value: holder, enumerable: false });
  throw error;
}
