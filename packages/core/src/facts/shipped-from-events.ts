import type { AuditEvent } from '../model/audit-event.js';
import type { Sha } from '../model/request.js';

/**
 * A record of which request heads shipped in which production commit: the `released` event of a
 * release that reached production without merging the request heads (a squashed or rebased
 * promotion pull request), `data.shipped`.
 *
 * @example
 * ```ts
 * const record: ShippedRecord = { env: 'prod', commit: '5d41402a…', heads: { A: 'e3b0c442…', C: '9f86d081…' } };
 * ```
 */
export interface ShippedRecord {
  env: string;
  /** The production commit that holds the release. */
  commit: Sha;
  /** The request heads whose content it holds, by request id. */
  heads: Record<string, Sha>;
}

/**
 * Every {@link ShippedRecord} of `env` in the audit log (events oldest first), oldest first. A
 * request is in production when production contains its head, or when its head is (or is an
 * ancestor of) a head one of these records shipped in a commit production contains.
 *
 * @example
 * ```ts
 * shippedFromEvents(events, 'prod'); // [{ env: 'prod', commit: '5d41402a…', heads: { A: 'e3b0c442…' } }]
 * ```
 */
export function shippedFromEvents(events: readonly AuditEvent[], env: string): ShippedRecord[] {
  const records: ShippedRecord[] = [];
  for (const event of events) {
    if (event.type !== 'released' || event.env !== env) continue;
    const shipped = event.data?.['shipped'] as { commit?: unknown; heads?: unknown } | undefined;
    if (!shipped || typeof shipped.commit !== 'string' || shipped.heads === null || typeof shipped.heads !== 'object') continue;
    const heads: Record<string, Sha> = {};
    for (const [id, sha] of Object.entries(shipped.heads as Record<string, unknown>)) if (typeof sha === 'string') heads[id] = sha;
    records.push({ env, commit: shipped.commit, heads });
  }
  return records;
}
