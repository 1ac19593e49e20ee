import { StateError } from '../errors/index.js';
import type { ConflictMatrix, MatrixBase, MatrixCell, MatrixRequest, PairResult } from './conflict-matrix.js';
import { listConflictPairs } from './list-conflict-pairs.js';

/**
 * Options of {@link buildConflictMatrix}.
 *
 * @example
 * ```ts
 * const matrix = buildConflictMatrix({ requests, base: { env: 'prod', tip }, results: cachedResults });
 * ```
 */
export interface BuildConflictMatrixOptions {
  requests: readonly MatrixRequest[];
  base: MatrixBase | null;
  /** The result of every pair's trial merge, by pair key (`conflictPairKey`). */
  results: Readonly<Record<string, PairResult>>;
}

/**
 * Assemble a conflict matrix from trial-merge results: one cell per pair of
 * {@link listConflictPairs}, paths sorted, and the conflicting cells listed apart.
 *
 * @throws StateError when a pair's result is missing (merge every pair first).
 * @example
 * ```ts
 * const pairs = listConflictPairs({ requests, base });
 * const results = Object.fromEntries(await Promise.all(pairs.map(async (p) => [p.key, await merge(p)])));
 * buildConflictMatrix({ requests, base, results }).conflicts; // [{ a: 'B', b: 'D', clean: false, paths: ['src/x.js'] }]
 * ```
 */
export function buildConflictMatrix(options: BuildConflictMatrixOptions): ConflictMatrix {
  const { requests, base, results } = options;
  const cells: MatrixCell[] = listConflictPairs({ requests, base }).map((pair) => {
    const result = Object.prototype.hasOwnProperty.call(results, pair.key) ? results[pair.key] : undefined;
    if (result === undefined) {
      throw new StateError(`No trial-merge result for ${pair.a} and ${pair.b}; merge every pair before building the matrix.`, {
        a: pair.a,
        b: pair.b,
        key: pair.key,
      });
    }
    return { a: pair.a, b: pair.b, clean: result.clean, paths: result.clean ? [] : [...result.paths].sort() };
  });
  return { requests: requests.map((request) => ({ ...request })), base: base ? { ...base } : null, cells, conflicts: cells.filter((cell) => !cell.clean) };
}
