import type { CommitInfo, Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readCommitInfo } from './read-commit-info.js';

/** Options of {@link fallbackFirstParentHistory}. */
export interface FallbackFirstParentHistoryOptions {
  repo: Repository;
  tip: Sha;
  /** Stop before this commit (when it is not on the chain, walk to the root). */
  until?: Sha | undefined;
  /** At most this many commits. */
  limit?: number | undefined;
}

/**
 * Provisional `firstParentHistory` (the first-parent chain from `tip`, newest first, stopping before
 * `until` when the chain meets it) by
 * reading one commit at a time, used until the indexed one in `history/` is exported.
 *
 * @example
 * ```ts
 * const chain = await fallbackFirstParentHistory({ repo, tip, until: base, limit: 50 });
 * ```
 */
export async function fallbackFirstParentHistory({ repo, tip, until, limit }: FallbackFirstParentHistoryOptions): Promise<CommitInfo[]> {
  const result: CommitInfo[] = [];
  let next: Sha | undefined = tip;
  while (next !== undefined && next !== until && (limit === undefined || result.length < limit)) {
    const commit = await readCommitInfo({ repo, sha: next });
    result.push(commit);
    next = commit.parents[0];
  }
  return result;
}
