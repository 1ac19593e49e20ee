import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * The configuration is invalid; `data.issues` lists each path and what is wrong (exit 2).
 *
 * @example
 * ```ts
 * throw new ConfigError('environments[1].source: "tset" is not an environment; use one of test, prod.', {
 *   issues: [{ path: 'environments[1].source', message: 'unknown environment' }],
 * });
 * ```
 */
export class ConfigError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'ConfigError';
  constructor(message: string, data: D = {} as D) {
    super('ConfigError', message, data, ExitCode.usage);
  }
}
