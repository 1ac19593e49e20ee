import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * A ref was not at its expected value when a transaction tried to move it: someone else moved it first (exit 5).
 *
 * @example
 * ```ts
 * throw new RefRaceError('env/test moved since the plan was made; run the command again.', { ref: 'refs/heads/env/test' });
 * ```
 */
export class RefRaceError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'RefRaceError';
  constructor(message: string, data: D = {} as D) {
    super('RefRaceError', message, data, ExitCode.race);
  }
}
