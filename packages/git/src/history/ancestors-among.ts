import { StateError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { openHistory, type HistoryState } from './open-history.js';
import { resolveCommits } from './resolve-commits.js';
import { saveHistory } from './save-history.js';

/**
 * Options of {@link ancestorsAmong}.
 *
 * @example
 * ```ts
 * const merged = await ancestorsAmong({ repo, candidates: [headA, headB, headC], tip: mainTip });
 * ```
 */
export interface AncestorsAmongOptions {
  /** The opened repository. */
  repo: Repository;
  /** Commits that may be in the history of `tip` (duplicates allowed). */
  candidates: readonly Sha[];
  /** The commit whose history is searched. */
  tip: Sha;
}

/**
 * The candidates that are `tip` or reachable from it: `isAncestor(candidate, tip)` for many
 * candidates in ONE walk down from `tip`, never below the lowest generation among the
 * candidates (commit-graph, relctl's cache, then objects). The cost depends on the commits
 * between the oldest candidate and `tip`, not on the number of candidates or the size of the
 * whole history. Errors as {@link isAncestor}: `UsageError` for a malformed id, `NotFoundError`
 * for an unknown commit, `StateError` when the answer for a candidate would depend on commits
 * cut off in a shallow clone.
 *
 * @example
 * ```ts
 * const merged = await ancestorsAmong({ repo, candidates: requests.map((r) => r.head), tip: mainTip });
 * const inProd = requests.filter((r) => merged.has(r.head));
 * ```
 */
export async function ancestorsAmong(options: AncestorsAmongOptions): Promise<Set<Sha>> {
  const state = openHistory({ repo: options.repo });
  try {
    return answer(state, options);
  } finally {
    state.store.close();
  }
}

function answer(state: HistoryState, options: AncestorsAmongOptions): Set<Sha> {
  const found = new Set<Sha>();
  if (options.candidates.length === 0) return found;
  const ids = resolveCommits({
    state,
    commits: [['tip', options.tip] as const, ...options.candidates.map((candidate) => ['ancestor', candidate] as const)],
  });
  const { index } = state;
  const tip = ids[0] as number;
  const candidates = ids.slice(1);
  const tipGeneration = index.generation(tip);
  // The walk only needs to go down to the lowest candidate that could be below the tip.
  let floor = Infinity;
  for (const id of candidates) {
    const generation = index.generation(id);
    if (id !== tip && generation < tipGeneration && generation < floor) floor = generation;
  }
  const [seen] = index.scratch(1) as [Uint8Array];
  seen[tip] = 1;
  /** The highest generation of a visited commit whose parents are cut off (shallow clone). */
  let cutGeneration = -Infinity;
  if (floor < tipGeneration) {
    const stack = [tip];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (index.isCut(id)) cutGeneration = Math.max(cutGeneration, index.generation(id));
      for (const parent of index.parents(id)) {
        if (seen[parent] === 0 && index.generation(parent) >= floor) {
          seen[parent] = 1;
          stack.push(parent);
        }
      }
    }
  }
  candidates.forEach((id, i) => {
    const sha = options.candidates[i] as Sha;
    if (seen[id] === 1) {
      found.add(sha);
      return;
    }
    // isAncestor(candidate, tip) walks every commit above the candidate's generation: it would
    // have met this cut, and could not tell.
    if (cutGeneration > index.generation(id)) {
      throw new StateError(`Cannot tell whether ${sha} is an ancestor of ${options.tip}: the history between them is cut off in this shallow clone; run "git fetch --unshallow".`, {
        ancestor: sha,
        descendant: options.tip,
      });
    }
  });
  saveHistory({ state });
  return found;
}
