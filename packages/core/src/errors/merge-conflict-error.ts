import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * A merge relctl needed did not merge cleanly; `data.conflicts` lists the paths (exit 4).
 *
 * @example
 * ```ts
 * throw new MergeConflictError('req/B conflicts with main in src/orders.js; run relctl sync B --worktree to resolve it.', {
 *   requestId: 'B',
 *   conflicts: [{ path: 'src/orders.js', kind: 'content' }],
 * });
 * ```
 */
export class MergeConflictError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'MergeConflictError';
  constructor(message: string, data: D = {} as D) {
    super('MergeConflictError', message, data, ExitCode.conflict);
  }
}
