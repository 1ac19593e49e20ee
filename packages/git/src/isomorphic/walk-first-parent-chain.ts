import { UsageError, type CommitInfo, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readCommitInfo } from './read-commit-info.js';

/** Options of {@link walkFirstParentChain}. */
export interface WalkFirstParentChainOptions {
  repo: Repository;
  tip: Sha;
  /** Stop before this commit (when it is not on the chain, walk to the root). */
  until?: Sha | undefined;
  /** At most this many commits. */
  limit?: number | undefined;
}

/**
 * The first-parent chain from `tip`, newest first, stopping before `until` when the chain meets
 * it (an `until` off the chain walks to the root) and after `limit` commits — the semantics of
 * `GitPort.firstParentHistory` fixed by the contract suite. Reads one commit at a time, messages
 * verbatim like `readCommit`. (`history/firstParentHistory` is indexed but stops at every ancestor
 * of `until`, as `git rev-list --first-parent tip ^until` does.)
 *
 * @example
 * ```ts
 * const chain = await walkFirstParentChain({ repo, tip, until: base, limit: 50 });
 * ```
 */
export async function walkFirstParentChain({ repo, tip, until, limit }: WalkFirstParentChainOptions): Promise<CommitInfo[]> {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new UsageError(`limit must be a whole number of commits (0 or more), got ${String(limit)}.`, { limit });
  }
  const result: CommitInfo[] = [];
  let next: Sha | undefined = tip;
  while (next !== undefined && next !== until && (limit === undefined || result.length < limit)) {
    const commit = await readCommitInfo({ repo, sha: next });
    result.push(commit);
    next = commit.parents[0];
  }
  return result;
}
