import { parseTrailers } from '../facts/parse-trailers.js';
import type { Sha } from '../model/request.js';
import { Trailer } from '../model/trailers.js';
import type { CommitInfo } from '../ports/git-port.js';

/** Options of {@link candidateMergeCommit}. */
export interface CandidateMergeCommitOptions {
  /** First-parent history of the candidate's release commit, newest first (at least `merges.length + 1` commits). */
  commits: readonly CommitInfo[];
  /** The release tip the promotion starts from now. */
  base: Sha;
  /** The merges the promotion would make, in order. */
  merges: ReadonlyArray<{ requestId: string; sha: Sha }>;
}

const requestTrailer = (commit: CommitInfo): string | undefined => {
  const trailers = parseTrailers(commit.message);
  const key = Object.keys(trailers).find((name) => name.toLowerCase() === Trailer.request.toLowerCase());
  return key === undefined ? undefined : trailers[key]?.at(-1);
};

/**
 * The candidate's last merge commit when its history is exactly what the promotion would make
 * now: a release commit on top of one merge per request, in the promotion's order, each with
 * second parent the request head the promotion would merge, starting from `base`. The promotion
 * can then fast-forward the release branch to that commit instead of merging again; `null` when
 * anything differs (a request moved, the release branch moved, another order).
 *
 * @example
 * ```ts
 * const commits = await git.firstParentHistory(approved.commit, { limit: merges.length + 1 });
 * const tip = candidateMergeCommit({ commits, base: prodTip, merges }); // '5d6e7f8…' or null
 * ```
 */
export function candidateMergeCommit(options: CandidateMergeCommitOptions): Sha | null {
  const { commits, base, merges } = options;
  if (merges.length === 0 || commits.length < merges.length + 1) return null;
  const [release] = commits;
  if (release === undefined || release.parents.length !== 1) return null;
  for (let index = 0; index < merges.length; index += 1) {
    const commit = commits[index + 1];
    const merge = merges[merges.length - 1 - index];
    if (commit === undefined || merge === undefined) return null;
    if (commit.parents.length !== 2 || commit.parents[1] !== merge.sha || requestTrailer(commit) !== merge.requestId) return null;
  }
  const first = commits[merges.length];
  return first?.parents[0] === base ? (commits[1]?.sha ?? null) : null;
}
