import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * The repository is in a state the command cannot work in: dirty worktree, rebase in progress, shallow clone, pending run (exit 2).
 *
 * @example
 * ```ts
 * throw new StateError('Your worktree has uncommitted changes; commit or stash them first.', {});
 * ```
 */
export class StateError<D extends Record<string, unknown> = Record<string, unknown>> extends RelctlError<D> {
  static readonly code = 'StateError';
  constructor(message: string, data: D = {} as D) {
    super('StateError', message, data, ExitCode.usage);
  }
}
