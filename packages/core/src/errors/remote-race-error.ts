import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * A push lost a race with another promoter and retries ran out (exit 5).
 *
 * @example
 * ```ts
 * throw new RemoteRaceError('origin moved main three times while promoting; try again later.', { ref: 'refs/heads/main', attempts: 3 });
 * ```
 */
export class RemoteRaceError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'RemoteRaceError';
  constructor(message: string, data: D = {} as D) {
    super('RemoteRaceError', message, data, ExitCode.race);
  }
}
