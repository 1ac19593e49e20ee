import type { AuditEvent } from '../model/audit-event.js';
import type { Sha } from '../model/request.js';

/**
 * Options of {@link lastLoggedRelease}.
 *
 * @example
 * ```ts
 * lastLoggedRelease({ events, env: 'prod', ref: 'refs/heads/main' });
 * ```
 */
export interface LastLoggedReleaseOptions {
  /** The audit log, oldest first. */
  events: readonly AuditEvent[];
  /** The release environment. */
  env: string;
  /** Its branch as a full ref (an `undone` event names the refs it moved back). */
  ref: string;
}

/**
 * The newest release the audit log records for the release environment (its `released` event,
 * whose `sha` is the release commit), not counting one an `undone` took back. Published
 * production history only moves forward, so the release branch must still contain it: when it
 * does not, someone moved the branch back behind relctl's back.
 *
 * @example
 * ```ts
 * lastLoggedRelease({ events, env: 'prod', ref: 'refs/heads/main' }); // { sha: '1a2b3c…', version: '1.2.0', id: '9f8e…' } or null
 * ```
 */
export function lastLoggedRelease(options: LastLoggedReleaseOptions): { sha: Sha; version?: string; id?: string } | null {
  const releases: AuditEvent[] = [];
  for (const event of options.events) {
    if (event.type === 'undone') {
      const refs = event.data?.['refs'];
      if (Array.isArray(refs) && refs.includes(options.ref)) releases.pop();
    } else if (event.type === 'released' && event.env === options.env && typeof event.sha === 'string') {
      releases.push(event);
    }
  }
  const last = releases.at(-1);
  if (!last?.sha) return null;
  const version = last.data?.['version'];
  return { sha: last.sha, ...(typeof version === 'string' ? { version } : {}), ...(last.id ? { id: last.id } : {}) };
}
