import type { Facts } from '../model/facts.js';
import type { Request, Sha } from '../model/request.js';
import type { CarryMode } from './carry-mode.js';
import { carriedHeads } from './carried-heads.js';

/**
 * How a record about one SHA of a request stands for its current head: `current` (it is about the
 * head), `carried` (about an earlier head whose change the head provably keeps: it counts, carried
 * from `from` to `to`), or `stale` (it does not count).
 *
 * @example
 * ```ts
 * const verdict: CarryVerdict = { state: 'carried', from: '3f2a1c0…', to: '9b7e2d4…' };
 * ```
 */
export type CarryVerdict = { state: 'current' } | { state: 'carried'; from: Sha; to: Sha } | { state: 'stale' };

/**
 * Options of {@link carryOf}.
 *
 * @example
 * ```ts
 * const options: CarryOfOptions = { facts, request, sha: approval.sha, mode: 'sync' };
 * ```
 */
export interface CarryOfOptions {
  /** Read for `facts.lineage`. */
  facts: Pick<Facts, 'lineage'>;
  request: Pick<Request, 'id' | 'head'>;
  /** The SHA the record (an approval, an environment's merge, a promotion) is about. */
  sha: Sha;
  mode: CarryMode;
}

/**
 * Decide whether a record about `sha` counts for the request's current head: the pure half of
 * sticky approvals. The proof that each sync since `sha` was trivial is a fact (`facts.lineage`,
 * gathered from git); this only follows it.
 *
 * @example
 * ```ts
 * carryOf({ facts, request, sha: approval.sha, mode: 'sync' });
 * // { state: 'carried', from: approval.sha, to: request.head }
 * ```
 */
export function carryOf(options: CarryOfOptions): CarryVerdict {
  const { facts, request, sha, mode } = options;
  if (sha === request.head) return { state: 'current' };
  const lineage = facts.lineage;
  const links = lineage !== undefined && Object.prototype.hasOwnProperty.call(lineage, request.id) ? lineage[request.id] : undefined;
  return carriedHeads({ head: request.head, links, mode }).has(sha) ? { state: 'carried', from: sha, to: request.head } : { state: 'stale' };
}
