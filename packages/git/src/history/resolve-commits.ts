import { UsageError } from '@relctl/core';
import type { HistoryState } from './open-history.js';

/**
 * Check that each named argument is a full object id and return its commit's index id
 * (reading it and its missing ancestors into the index). Annotated tags are peeled.
 *
 * @example
 * ```ts
 * const [a, b] = resolveCommits({ state, commits: [['a', shaA], ['b', shaB]] });
 * ```
 */
export function resolveCommits(options: { state: HistoryState; commits: ReadonlyArray<readonly [string, string]> }): number[] {
  const { state, commits } = options;
  const pattern = new RegExp(`^[0-9a-f]{${state.hashLength * 2}}$`);
  for (const [name, value] of commits) {
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new UsageError(`${name} must be a full ${state.hashLength * 2}-hex commit id, got ${JSON.stringify(value)}; resolve refs and short ids first.`, {
        argument: name,
        value: String(value),
      });
    }
  }
  return state.index.ensure(commits.map(([, value]) => value));
}
