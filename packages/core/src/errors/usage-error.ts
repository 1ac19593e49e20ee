import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * Bad command-line input: a malformed id, an unknown environment, a missing argument (exit 2).
 *
 * @example
 * ```ts
 * throw new UsageError('"A B" is not a request id; use letters, digits, ., _ or -.', { id: 'A B' });
 * ```
 */
export class UsageError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'UsageError';
  constructor(message: string, data: D = {} as D) {
    super('UsageError', message, data, ExitCode.usage);
  }
}
