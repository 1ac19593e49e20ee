import { ExitCode, RelctlError } from './relctl-error.js';

/** A merge relctl needed did not merge cleanly; `data.conflicts` lists the paths (exit 4). */
export class MergeConflictError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'MergeConflictError';
  constructor(message: string, data: D = {} as D) {
    super('MergeConflictError', message, data, ExitCode.conflict);
  }
}
