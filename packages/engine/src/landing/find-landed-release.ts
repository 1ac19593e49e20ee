import { Trailer, parseTrailers, type CommitInfo, type GitPort, type LandedRelease, type Sha } from '@relctl/core';

/** How far back on the release branch's first-parent line `after-merge` looks for a release commit. */
export const MAINLINE_LIMIT = 200;
/** How far into the merged side of a merge commit it looks (the pull request's own commits). */
const SIDE_LIMIT = 50;

/**
 * A release commit found in history, with the date its notes were written for.
 *
 * @example
 * ```ts
 * const found: LandedReleaseFound = { commit: '2c26b46b…', parent: '9f86d081…', version: '1.1.0', requestIds: ['A', 'C'], date: '2026-01-31' };
 * ```
 */
export interface LandedReleaseFound extends LandedRelease {
  /** `YYYY-MM-DD` (UTC) of the release commit: the tag notes carry the date the release was cut. */
  date: string;
}

/**
 * The newest release commit of relctl reachable from `tip`: on its first-parent line, or on the
 * merged side of a merge commit (a pull request merged with a merge commit), not past what the
 * line already had.
 *
 * @example
 * ```ts
 * const landed = await findLandedRelease(session.git, mainTip); // null: no release commit in the last 200
 * ```
 */
export async function findLandedRelease(git: GitPort, tip: Sha): Promise<LandedReleaseFound | null> {
  for (const commit of await git.firstParentHistory(tip, { limit: MAINLINE_LIMIT })) {
    const own = releaseCommitOf(commit);
    if (own) return own;
    const [first, ...sides] = commit.parents;
    if (first === undefined) continue;
    for (const side of sides) {
      for (const candidate of await git.firstParentHistory(side, { limit: SIDE_LIMIT })) {
        if (await git.isAncestor(candidate.sha, first)) break;
        const merged = releaseCommitOf(candidate);
        if (merged) return merged;
      }
    }
  }
  return null;
}

/**
 * The release a commit relctl wrote says it is (trailers `Relctl-Release`, `Relctl-Requests`), or
 * `null` for any other commit.
 *
 * @example
 * ```ts
 * const release = releaseCommitOf(commit); // { version: '1.1.0', requestIds: ['A', 'C'], … } | null
 * ```
 */
export function releaseCommitOf(commit: CommitInfo): LandedReleaseFound | null {
  const trailers = parseTrailers(commit.message);
  const value = (key: string) =>
    Object.entries(trailers)
      .find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1]
      ?.at(-1)
      ?.trim() ?? '';
  const version = value(Trailer.release);
  const requestIds = value(Trailer.requests)
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const parent = commit.parents[0];
  if (version === '' || requestIds.length === 0 || parent === undefined) return null;
  const date = new Date(commit.committer.timestamp * 1000).toISOString().slice(0, 10);
  return { commit: commit.sha, parent, version, requestIds, date };
}
