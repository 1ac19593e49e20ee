import { Trailer, type GitPort, type Sha } from '@relctl/core';

/** Options of {@link findRequestHeads}. */
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
    const trailers = readTrailers(commit.message);
    if (trailers.some(([key]) => key === Trailer.release)) break;
    const second = commit.parents[1];
    if (second === undefined) continue;
    for (const [key, value] of trailers) {
      if (key === Trailer.request && wanted.has(value)) {
        heads[value] = second;
        wanted.delete(value);
      }
    }
  }
  return heads;
}

/** The `Key: value` trailers of a commit message's last paragraph. */
function readTrailers(message: string): Array<[string, string]> {
  const paragraphs = message.trim().split(/\n[ \t]*\n/);
  const last = paragraphs.length > 1 ? (paragraphs[paragraphs.length - 1] as string) : '';
  const trailers: Array<[string, string]> = [];
  for (const line of last.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (/^[A-Za-z0-9-]+$/.test(key)) trailers.push([key, line.slice(colon + 1).trim()]);
  }
  return trailers;
}
