import type { AuditEvent } from '../model/audit-event.js';

/**
 * Options of {@link sinceFromEvents}.
 *
 * @example
 * ```ts
 * const since = sinceFromEvents({ events: facts.events, env: 'test', requestId: 'A' });
 * ```
 */
export interface SinceFromEventsOptions {
  /** Audit-log events, oldest first. */
  events: readonly AuditEvent[];
  env: string;
  requestId: string;
  /**
   * Whether a promotion of `next` while `held` is there continues the same stay (default: only
   * when they are equal). Sticky approvals pass heads that a trivial sync links (`carriedSince`).
   */
  sameChange?: (held: string, next: string) => boolean;
}

function shaIn(data: Record<string, unknown> | undefined, requestId: string): string | undefined {
  const shas = data?.['shas'];
  if (typeof shas !== 'object' || shas === null || Array.isArray(shas)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(shas, requestId)) return undefined;
  const sha = (shas as Record<string, unknown>)[requestId];
  return typeof sha === 'string' ? sha : undefined;
}

function listIn(data: Record<string, unknown> | undefined, key: string): readonly unknown[] {
  const value = data?.[key];
  return Array.isArray(value) ? value : [];
}

/**
 * When a request's current stay in an environment began, from the audit log: the time of the
 * `promoted` event that brought it in, unaffected by later rebuilds (which re-create merge commits
 * and so reset their committer time). A `demoted` event, or a rebuild event listing it under
 * `data.removed`, ends a stay; a `promoted` event with a different `data.shas[id]` starts a new one.
 * Use it for `soak` and `max-age` instead of a merge commit's time.
 *
 * @returns Epoch milliseconds, or `undefined` when the log does not show the request there.
 * @example
 * ```ts
 * sinceFromEvents({ events, env: 'test', requestId: 'A' }); // 1700000000000
 * ```
 */
export function sinceFromEvents(options: SinceFromEventsOptions): number | undefined {
  const { env, requestId } = options;
  const sameChange = options.sameChange ?? ((held: string, next: string) => held === next);
  let since: number | undefined;
  let heldSha: string | undefined;
  for (const event of options.events) {
    if (event.env !== env) continue;
    if (event.type === 'demoted' && (event.requestIds ?? []).includes(requestId)) {
      since = undefined;
      heldSha = undefined;
      continue;
    }
    if (event.type !== 'promoted') continue;
    if (listIn(event.data, 'removed').includes(requestId)) {
      since = undefined;
      heldSha = undefined;
      continue;
    }
    if (!(event.requestIds ?? []).includes(requestId)) continue;
    const sha = shaIn(event.data, requestId);
    if (since === undefined || (sha !== undefined && heldSha !== undefined && !sameChange(heldSha, sha))) {
      since = event.at;
    }
    if (sha !== undefined) heldSha = sha;
  }
  return since;
}
