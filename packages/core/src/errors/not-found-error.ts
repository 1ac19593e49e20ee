import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * A request, environment, branch or commit that the command needs does not exist (exit 2).
 *
 * @example
 * ```ts
 * throw new NotFoundError('There is no request "E"; see relctl request list.', { requestId: 'E' });
 * ```
 */
export class NotFoundError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'NotFoundError';
  constructor(message: string, data: D = {} as D) {
    super('NotFoundError', message, data, ExitCode.usage);
  }
}
