import { Trailer, parseTrailers, type GitPort, type Sha } from '@relctl/core';

/**
 * Options of {@link findRequestHeads}.
 *
 * @example
 * ```ts
 * const heads = await findRequestHeads({ git, commit: workingTip, requestIds: ['A'], limit: 500 });
 * ```
 */
export interface FindRequestHeadsOptions {
  git: GitPort;
  /** The release branch's working tip, after this promotion's merges. */
  commit: Sha;
  requestIds: string[];
  /** Most first-parent commits to look at. Default `100 + 4 × requestIds.length`. */
  limit?: number;
}

/**
 * The request heads merged for a release: walks the first-parent history of `commit` (newest
 * first) and takes, for each request, the second parent of the newest merge with the trailer
 * `Relctl-Request: <id>`. Stops when all are found, at the previous release commit (trailer
 * `Relctl-Release`) or after `limit` commits. Requests not found are absent from the result.
 *
 * @example
 * ```ts
 * await findRequestHeads({ git, commit: workingTip, requestIds: ['A', 'C'] }); // { A: '1a2b…', C: '5d6e…' }
 * ```
 */
export async function findRequestHeads(options: FindRequestHeadsOptions): Promise<Record<string, Sha>> {
  const wanted = new Set(options.requestIds);
  const heads: Record<string, Sha> = {};
  const limit = options.limit ?? 100 + 4 * options.requestIds.length;
  const history = await options.git.firstParentHistory(options.commit, { limit });
  for (const commit of history) {
    if (wanted.size === 0) break;
    const trailers = parseTrailers(commit.message);
    if (valuesOf(trailers, Trailer.release).length > 0) break;
    const second = commit.parents[1];
    if (second === undefined) continue;
    for (const id of valuesOf(trailers, Trailer.request)) {
      if (wanted.has(id)) {
        heads[id] = second;
        wanted.delete(id);
      }
    }
  }
  return heads;
}

/** A trailer's values, whatever the spelling of its key (git matches keys case-insensitively). */
function valuesOf(trailers: Record<string, string[]>, key: string): string[] {
  const lower = key.toLowerCase();
  return Object.entries(trailers).flatMap(([name, values]) => (name.toLowerCase() === lower ? values : []));
}
