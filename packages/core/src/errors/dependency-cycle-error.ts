import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * Requests depend on each other in a cycle; `data.cycle` lists it (exit 2).
 *
 * @example
 * ```ts
 * throw new DependencyCycleError('A and B depend on each other; remove one of the --depends-on links.', { cycle: ['A', 'B', 'A'] });
 * ```
 */
export class DependencyCycleError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'DependencyCycleError';
  constructor(message: string, data: D = {} as D) {
    super('DependencyCycleError', message, data, ExitCode.usage);
  }
}
