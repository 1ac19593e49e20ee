import type { Sha } from '../model/request.js';

/** One request in a conflict matrix: its id and the head that was merged. */
export interface MatrixRequest {
  id: string;
  sha: Sha;
}

/** The environment tip every request is also merged with (usually production). */
export interface MatrixBase {
  /** Environment name, e.g. `prod`. */
  env: string;
  tip: Sha;
}

/**
 * One trial merge to run: two commits merged on objects. `ours` is always the smaller SHA so the
 * result depends only on {@link ConflictPair.key}, the cache key.
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

/** The outcome of one trial merge, as cached: clean, or the conflicting paths. */
export interface PairResult {
  clean: boolean;
  /** Conflicting paths, sorted (empty when clean). */
  paths: string[];
}

/** One cell of the matrix. */
export interface MatrixCell extends PairResult {
  /** Request id. */
  a: string;
  /** Request id, or `env:<name>`. */
  b: string;
}

/** Every pending request merged with every other and with the base environment's tip. */
export interface ConflictMatrix {
  requests: MatrixRequest[];
  base: MatrixBase | null;
  /** Every pair, in the order of {@link listConflictPairs}: request pairs, then each request with the base. */
  cells: MatrixCell[];
  /** The conflicting cells only. */
  conflicts: MatrixCell[];
}
