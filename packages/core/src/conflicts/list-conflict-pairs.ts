import type { ConflictPair, MatrixBase, MatrixRequest } from './conflict-matrix.js';
import { conflictPairKey } from './conflict-pair-key.js';

/**
 * Options of {@link listConflictPairs}.
 *
 * @example
 * ```ts
 * const pairs = listConflictPairs({ requests: [{ id: 'A', sha: a }, { id: 'B', sha: b }], base: null });
 * ```
 */
export interface ListConflictPairsOptions {
  /** The pending requests, in the order the matrix shows them. */
  requests: readonly MatrixRequest[];
  /** The tip every request is also merged with, or `null` for none. */
  base: MatrixBase | null;
}

/**
 * The trial merges a conflict matrix needs: every pair of requests (`i < j`, in the given order),
 * then each request with the base tip (`b` = `env:<name>`). Each merge takes the smaller SHA as
 * `ours`, so a result depends only on its key.
 *
 * @example
 * ```ts
 * listConflictPairs({ requests: [{ id: 'A', sha: a }, { id: 'B', sha: b }], base: { env: 'prod', tip } });
 * // [{ a: 'A', b: 'B', … }, { a: 'A', b: 'env:prod', … }, { a: 'B', b: 'env:prod', … }]
 * ```
 */
export function listConflictPairs(options: ListConflictPairsOptions): ConflictPair[] {
  const { requests, base } = options;
  const pair = (a: string, b: string, x: string, y: string): ConflictPair => {
    const [ours, theirs] = x <= y ? [x, y] : [y, x];
    return { a, b, ours, theirs, key: conflictPairKey({ a: x, b: y }) };
  };
  const pairs: ConflictPair[] = [];
  for (let i = 0; i < requests.length; i += 1) {
    for (let j = i + 1; j < requests.length; j += 1) {
      const left = requests[i];
      const right = requests[j];
      if (left && right) pairs.push(pair(left.id, right.id, left.sha, right.sha));
    }
  }
  if (base) for (const request of requests) pairs.push(pair(request.id, `env:${base.env}`, request.sha, base.tip));
  return pairs;
}
