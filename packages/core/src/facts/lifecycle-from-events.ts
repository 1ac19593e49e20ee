import type { AuditEvent } from '../model/audit-event.js';
import type { Sha } from '../model/request.js';

/**
 * Where a request is in its life beyond environments, as the audit log records it: closed (the
 * last `closed`/`reopened` event is a `closed`), and reverted out of production (a `reverted`
 * event not followed by a promotion of it into the release environment).
 *
 * @example
 * ```ts
 * const life: RequestLifecycle = { closed: { at: 1700000000000, actor: 'Kim <kim@example.com>', reason: 'not needed' } };
 * ```
 */
export interface RequestLifecycle {
  /**
   * Set while the request is closed: who closed it, when and why; `sha` is its head when closed,
   * and `branchDeleted` says `request close --delete-branch` deleted its branch.
   */
  closed?: { at: number; actor: string; reason?: string; sha?: Sha; branchDeleted?: boolean };
  /** Set while its production release stands reverted: the reverted merge and the request head it held. */
  reverted?: { at: number; actor: string; reason?: string; mergeCommit?: Sha; sha?: Sha; reshipped?: boolean };
}

/**
 * Options of {@link lifecycleFromEvents}.
 *
 * @example
 * ```ts
 * const options: LifecycleFromEventsOptions = { events: facts.events, releaseEnv: 'prod' };
 * ```
 */
export interface LifecycleFromEventsOptions {
  /** Audit events, oldest first. */
  events: readonly AuditEvent[];
  /** The release environment's name (a promotion there ships a reverted request again). */
  releaseEnv: string;
}

/**
 * The {@link RequestLifecycle} of every request the log says something about, by request id.
 * Stored once: derived from the events each time, the last word wins (`closed` then `reopened`
 * is open again; `reverted` then `promoted` into the release environment is shipped again).
 *
 * @example
 * ```ts
 * const lives = lifecycleFromEvents({ events, releaseEnv: 'prod' });
 * lives.get('A')?.closed !== undefined; // true when A is closed
 * ```
 */
export function lifecycleFromEvents(options: LifecycleFromEventsOptions): Map<string, RequestLifecycle> {
  const lives = new Map<string, RequestLifecycle>();
  const life = (id: string): RequestLifecycle => {
    let found = lives.get(id);
    if (found === undefined) lives.set(id, (found = {}));
    return found;
  };
  for (const event of options.events) {
    const ids = event.requestIds ?? [];
    if (event.type === 'closed') {
      const branchDeleted = event.data?.['branchDeleted'] === true;
      for (const id of ids)
        life(id).closed = {
          at: event.at,
          actor: event.actor,
          ...(event.reason === undefined ? {} : { reason: event.reason }),
          ...(event.sha === undefined ? {} : { sha: event.sha }),
          ...(branchDeleted ? { branchDeleted } : {}),
        };
    } else if (event.type === 'reopened') {
      for (const id of ids) delete life(id).closed;
    } else if (event.type === 'reverted' && event.env === options.releaseEnv) {
      const mergeCommit = event.data?.['mergeCommit'];
      const sha = event.data?.['sha'];
      for (const id of ids)
        life(id).reverted = {
          at: event.at,
          actor: event.actor,
          ...(event.reason === undefined ? {} : { reason: event.reason }),
          ...(typeof mergeCommit === 'string' ? { mergeCommit } : {}),
          ...(typeof sha === 'string' ? { sha } : {}),
        };
    } else if (event.type === 'reshipped') {
      for (const id of ids) {
        const reverted = life(id).reverted;
        if (reverted !== undefined) reverted.reshipped = true;
      }
    } else if (event.type === 'promoted' && event.env === options.releaseEnv && event.data?.['rebuild'] !== true) {
      for (const id of ids) delete life(id).reverted;
    }
  }
  return lives;
}
