import type { AuditEvent, Sha } from '@relctl/core';

/**
 * A promotion prepared on a promotion branch (`promote --via-pr`), as the audit log recorded it:
 * the release commit on the branch, the version, and the request heads it merged.
 *
 * @example
 * ```ts
 * const pending: PendingPromotion = { branch: 'relctl-promote/1.1.0', version: '1.1.0', releaseCommit: '2c26b46b…', requestIds: ['A', 'C'], heads: { A: 'e3b0c442…', C: '9f86d081…' }, at: 1767225600000 };
 * ```
 */
export interface PendingPromotion {
  branch: string;
  version: string;
  /** The promotion branch's tip when relctl prepared it: the release commit. */
  releaseCommit: Sha;
  requestIds: string[];
  /** The request heads the promotion branch merged, by request id. */
  heads: Record<string, Sha>;
  /** When it was prepared (epoch milliseconds, the event's time). */
  at: number;
}

/**
 * The newest promotion through a pull request into `env` the audit log records (events oldest
 * first), or `null` (none, or the newest one's pull request was closed without merging).
 *
 * @example
 * ```ts
 * const pending = latestPromotionViaPr(facts.events, 'prod'); // then: is its tag there yet?
 * ```
 */
export function latestPromotionViaPr(events: readonly AuditEvent[], env: string): PendingPromotion | null {
  const closed = new Set<string>();
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event?.type === 'promotion-closed' && event.env === env && typeof event.data?.['branch'] === 'string' && event.sha !== undefined) {
      closed.add(`${event.data['branch']} ${event.sha}`);
      continue;
    }
    if (event?.type !== 'promoted' || event.env !== env || event.data?.['viaPr'] !== true) continue;
    const branch = event.data['branch'];
    const version = event.data['version'];
    const shas = event.data['shas'];
    if (typeof branch !== 'string' || typeof version !== 'string' || event.sha === undefined) continue;
    // Its pull request was closed without merging (`promotion-closed`): nothing waits any more.
    if (closed.has(`${branch} ${event.sha}`)) return null;
    const heads: Record<string, Sha> = {};
    if (shas !== null && typeof shas === 'object') {
      for (const [id, sha] of Object.entries(shas as Record<string, unknown>)) if (typeof sha === 'string') heads[id] = sha;
    }
    return { branch, version, releaseCommit: event.sha, requestIds: [...(event.requestIds ?? [])], heads, at: event.at };
  }
  return null;
}
