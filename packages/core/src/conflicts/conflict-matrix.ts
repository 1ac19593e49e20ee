import type { Sha } from '../model/request.js';

/**
 * One request in a conflict matrix: its id and the head that was merged.
 *
 * @example
 * ```ts
 * const requests: MatrixRequest[] = [{ id: 'B', sha: 'e3b0c442…' }, { id: 'D', sha: '9f86d081…' }];
 * ```
 */
export interface MatrixRequest {
  id: string;
  sha: Sha;
}

/**
 * The environment tip every request is also merged with (usually production).
 *
 * @example
 * ```ts
 * const base: MatrixBase = { env: 'prod', tip: '2c26b46b…' };
 * ```
 */
export interface MatrixBase {
  /** Environment name, e.g. `prod`. */
  env: string;
  tip: Sha;
}

/**
 * One trial merge to run: two commits merged on objects. `ours` is always the smaller SHA so the
 * result depends only on {@link ConflictPair.key}, the cache key.
 *
 * @example
 * ```ts
 * const [pair]: ConflictPair[] = listConflictPairs({ requests, base });
 * const outcome = await git.mergeCommits(pair!.ours, pair!.theirs);
 * ```
 */
export interface ConflictPair {
  /** Request id. */
  a: string;
  /** Request id, or `env:<name>` for the base environment's tip. */
  b: string;
  ours: Sha;
  theirs: Sha;
  /** `<smaller sha>:<larger sha>`; see `conflictPairKey`. */
  key: string;
}

/**
 * The outcome of one trial merge, as cached: clean, or the conflicting paths.
 *
 * @example
 * ```ts
 * const result: PairResult = outcome.clean ? { clean: true, paths: [] } : { clean: false, paths: outcome.conflicts.map((c) => c.path) };
 * ```
 */
export interface PairResult {
  clean: boolean;
  /** Conflicting paths, sorted (empty when clean). */
  paths: string[];
}

/**
 * One cell of the matrix.
 *
 * @example
 * ```ts
 * const cell: MatrixCell = { a: 'B', b: 'D', clean: false, paths: ['src/checkout.ts'] };
 * ```
 */
export interface MatrixCell extends PairResult {
  /** Request id. */
  a: string;
  /** Request id, or `env:<name>`. */
  b: string;
}

/**
 * Every pending request merged with every other and with the base environment's tip.
 *
 * @example
 * ```ts
 * const matrix: ConflictMatrix = buildConflictMatrix({ requests, base, results });
 * matrix.conflicts.map((cell) => `${cell.a} x ${cell.b}`); // ['B x D']
 * ```
 */
export interface ConflictMatrix {
  requests: MatrixRequest[];
  base: MatrixBase | null;
  /** Every pair, in the order of {@link listConflictPairs}: request pairs, then each request with the base. */
  cells: MatrixCell[];
  /** The conflicting cells only. */
  conflicts: MatrixCell[];
}
