import { StateError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { openHistory, type HistoryState } from './open-history.js';
import { resolveCommits } from './resolve-commits.js';
import { saveHistory } from './save-history.js';

/**
 * Options of {@link isAncestor}.
 *
 * @example
 * ```ts
 * const shipped = await isAncestor({ repo, ancestor: requestHead, descendant: mainTip });
 * ```
 */
export interface IsAncestorOptions {
  /** The opened repository. */
  repo: Repository;
  /** The commit that may be in the history of `descendant`. */
  ancestor: Sha;
  /** The commit whose history is searched. */
  descendant: Sha;
}

/**
 * True when `ancestor` is `descendant` or reachable from it, like
 * `git merge-base --is-ancestor`. Walks down from `descendant` but never below the generation
 * of `ancestor`, using the commit index (git's commit-graph, relctl's cache, then objects).
 * Throws `StateError` when the answer would depend on commits missing from a shallow clone,
 * `NotFoundError` for an unknown commit and `UsageError` for a malformed id.
 *
 * @example
 * ```ts
 * const merged = await isAncestor({ repo, ancestor: requestHead, descendant: mainTip });
 * ```
 */
export async function isAncestor(options: IsAncestorOptions): Promise<boolean> {
  const state = openHistory({ repo: options.repo });
  try {
    return answer(state, options);
  } finally {
    state.store.close();
  }
}

function answer(state: HistoryState, options: IsAncestorOptions): boolean {
  const [ancestor, descendant] = resolveCommits({
    state,
    commits: [
      ['ancestor', options.ancestor],
      ['descendant', options.descendant],
    ],
  }) as [number, number];
  const { index } = state;
  let found = ancestor === descendant;
  const floor = index.generation(ancestor);
  if (!found && floor < index.generation(descendant)) {
    const [seen] = index.scratch(1) as [Uint8Array];
    const stack = [descendant];
    seen[descendant] = 1;
    let cut = false;
    walk: while (stack.length > 0) {
      const id = stack.pop() as number;
      if (index.isCut(id)) cut = true;
      for (const parent of index.parents(id)) {
        if (parent === ancestor) {
          found = true;
          break walk;
        }
        if (seen[parent] === 0 && index.generation(parent) > floor) {
          seen[parent] = 1;
          stack.push(parent);
        }
      }
    }
    if (!found && cut) {
      throw new StateError(
        `Cannot tell whether ${options.ancestor} is an ancestor of ${options.descendant}: the history between them is cut off in this shallow clone; run "git fetch --unshallow".`,
        { ancestor: options.ancestor, descendant: options.descendant },
      );
    }
  }
  saveHistory({ state });
  return found;
}
