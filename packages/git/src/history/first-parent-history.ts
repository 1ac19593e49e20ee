import { StateError, UsageError, type CommitInfo, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import type { CommitIndex } from './commit-index.js';
import { GenerationQueue } from './generation-queue.js';
import { openHistory, type HistoryState } from './open-history.js';
import { parseCommit } from './parse-commit.js';
import { resolveCommits } from './resolve-commits.js';
import { saveHistory } from './save-history.js';

/**
 * Options of {@link firstParentHistory}.
 *
 * @example
 * ```ts
 * const commits = await firstParentHistory({ repo, tip: testTip, until: mainTip, limit: 200 });
 * ```
 */
export interface FirstParentHistoryOptions {
  /** The opened repository. */
  repo: Repository;
  /** Where to start (listed first). */
  tip: Sha;
  /** Stop before the first commit that is `until` or reachable from it (exclusive). */
  until?: Sha;
  /** List at most this many commits. */
  limit?: number;
}

/**
 * The first-parent history of `tip`, newest first, as parsed commits, like
 * `git rev-list --first-parent tip ^until -n limit`: it follows first parents only, and stops
 * before the first commit that is `until` or one of its ancestors, or after `limit` commits.
 * Whether a commit is below `until` is decided by walking `until`'s history in generation order
 * just far enough, so a short range costs little even in a long history. Throws `StateError`
 * when the list runs into a shallow clone's boundary before it is complete.
 *
 * @example
 * ```ts
 * const merges = (await firstParentHistory({ repo, tip: envTip, until: baseTip }))
 *   .filter((commit) => commit.parents.length > 1);
 * ```
 */
export async function firstParentHistory(options: FirstParentHistoryOptions): Promise<CommitInfo[]> {
  const { limit } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new UsageError(`limit must be a whole number of commits (0 or more), got ${String(limit)}.`, { limit });
  }
  const state = openHistory({ repo: options.repo });
  try {
    return answer(state, options);
  } finally {
    state.store.close();
  }
}

function answer(state: HistoryState, options: FirstParentHistoryOptions): CommitInfo[] {
  const { limit } = options;
  const named: Array<readonly [string, string]> = [['tip', options.tip]];
  if (options.until !== undefined) named.push(['until', options.until]);
  const [tip, until] = resolveCommits({ state, commits: named }) as [number, number | undefined];
  const { index } = state;
  const below = until === undefined ? null : reachableFrom(index, until, options);

  const ids: number[] = [];
  for (let id: number | undefined = tip; id !== undefined;) {
    if (limit !== undefined && ids.length >= limit) break;
    if (below?.(id)) break;
    ids.push(id);
    if (limit !== undefined && ids.length >= limit) break;
    if (index.isFirstParentMissing(id)) {
      throw new StateError(
        `The first-parent history of ${options.tip} is cut off in this shallow clone after ${ids.length} commits; run "git fetch --unshallow" (or --deepen), or pass a limit.`,
        { tip: options.tip, listed: ids.length },
      );
    }
    id = index.parents(id)[0];
  }
  const result = ids.map((id) => {
    const oid = index.oid(id);
    const object = state.store.read(oid, true);
    if (!object || object.type !== 'commit') {
      throw new StateError(`Commit ${oid} is in the commit-graph but its object is missing; run "git fetch" or "git fsck".`, { oid });
    }
    return parseCommit({ oid, data: object.data });
  });
  saveHistory({ state });
  return result;
}

/**
 * A test "is this commit `until` or one of its ancestors?" for commits asked in decreasing
 * generation: it paints `until`'s history lazily, only down to the generation asked about.
 */
function reachableFrom(index: CommitIndex, until: number, options: FirstParentHistoryOptions): (id: number) => boolean {
  const [painted] = index.scratch(1) as [Uint8Array];
  const queue = new GenerationQueue();
  painted[until] = 1;
  queue.push(until, index.generation(until));
  let cut = false;
  return (id) => {
    const floor = index.generation(id);
    while (queue.size > 0 && queue.peekKey() >= floor) {
      const next = queue.pop();
      if (index.isCut(next)) cut = true;
      for (const parent of index.parents(next)) {
        if (painted[parent] === 1) continue;
        painted[parent] = 1;
        queue.push(parent, index.generation(parent));
      }
    }
    if (painted[id] === 1) return true;
    if (cut) {
      throw new StateError(`Cannot tell where the history of ${options.tip} meets ${String(options.until)}: it is cut off in this shallow clone; run "git fetch --unshallow".`, {
        tip: options.tip,
        until: options.until,
      });
    }
    return false;
  };
}
