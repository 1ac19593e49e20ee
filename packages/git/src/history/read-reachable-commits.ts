import { NotFoundError, UsageError, type CommitInfo, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { openHistory, type HistoryState } from './open-history.js';
import { parseCommit } from './parse-commit.js';

/**
 * Options of {@link readReachableCommits}.
 *
 * @example
 * ```ts
 * const commits = await readReachableCommits({ repo, tip: logTip });
 * ```
 */
export interface ReadReachableCommitsOptions {
  /** The opened repository. */
  repo: Repository;
  /** Where to start. */
  tip: Sha;
}

/**
 * Every commit reachable from `tip` (`tip` included), parsed, like `git rev-list tip` with
 * `git cat-file` of each: read in this process straight from the pack files and loose objects,
 * no child process and no commit-graph needed. The order is a depth-first walk from `tip` (a
 * commit is listed before its parents when it has one child; callers that need an order sort).
 * Throws `NotFoundError` when `tip` or any commit it reaches is not in the repository (a
 * shallow clone's boundary included), `UsageError` for a malformed id.
 *
 * @example
 * ```ts
 * const log = await readReachableCommits({ repo, tip: await resolveRef('refs/relctl/log') });
 * const events = log.filter((commit) => commit.parents.length <= 1);
 * ```
 */
export async function readReachableCommits(options: ReadReachableCommitsOptions): Promise<CommitInfo[]> {
  const state = openHistory({ repo: options.repo });
  try {
    return walk(state, options.tip);
  } finally {
    state.store.close();
  }
}

function walk(state: HistoryState, tip: Sha): CommitInfo[] {
  if (!new RegExp(`^[0-9a-f]{${state.hashLength * 2}}$`).test(tip)) {
    throw new UsageError(`tip must be a full ${state.hashLength * 2}-hex commit id, got ${JSON.stringify(tip)}; resolve refs and short ids first.`, { tip });
  }
  const commits: CommitInfo[] = [];
  const seen = new Set<Sha>([tip]);
  const stack: Sha[] = [tip];
  while (stack.length > 0) {
    const oid = stack.pop() as Sha;
    const object = state.store.read(oid);
    if (!object || object.type !== 'commit') {
      throw new NotFoundError(`Commit ${oid} (reachable from ${tip}) is not in this repository; fetch it first, or check the id.`, { oid, tip });
    }
    const commit = parseCommit({ oid, data: object.data });
    commits.push(commit);
    for (let i = commit.parents.length - 1; i >= 0; i -= 1) {
      const parent = commit.parents[i] as Sha;
      if (seen.has(parent)) continue;
      seen.add(parent);
      stack.push(parent);
    }
  }
  return commits;
}
