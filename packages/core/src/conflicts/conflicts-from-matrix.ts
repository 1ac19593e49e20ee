import type { KnownConflict } from '../model/facts.js';
import type { ConflictMatrix } from './conflict-matrix.js';

/**
 * Options of {@link conflictsFromMatrix}.
 *
 * @example
 * ```ts
 * const known = conflictsFromMatrix({ matrix });
 * ```
 */
export interface ConflictsFromMatrixOptions {
  matrix: ConflictMatrix;
}

/**
 * The matrix's conflicts as {@link KnownConflict}s, ready for `facts.conflicts` (the
 * `clean-merge` rule reads them).
 *
 * @example
 * ```ts
 * facts.conflicts.push(...conflictsFromMatrix({ matrix }));
 * ```
 */
export function conflictsFromMatrix(options: ConflictsFromMatrixOptions): KnownConflict[] {
  return options.matrix.conflicts.map((cell) => ({ a: cell.a, b: cell.b, paths: [...cell.paths] }));
}
