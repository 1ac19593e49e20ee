import { ExitCode, RelctlError } from './relctl-error.js';

/** A push lost a race with another promoter and retries ran out (exit 5). */
export class RemoteRaceError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'RemoteRaceError';
  constructor(message: string, data: D = {} as D) {
    super('RemoteRaceError', message, data, ExitCode.race);
  }
}
