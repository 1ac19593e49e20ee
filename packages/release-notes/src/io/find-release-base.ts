import { Trailer, parseTrailers, type GitPort, type Sha } from '@relctl/core';

/**
 * Options of {@link findReleaseBase}.
 *
 * @example
 * ```ts
 * const base = await findReleaseBase({ git, commit: workingTip, requestIds: ['A', 'C'] });
 * ```
 */
export interface FindReleaseBaseOptions {
  git: GitPort;
  /** The release branch's working tip, after this release's merges. */
  commit: Sha;
  requestIds: string[];
}

/**
 * The commit a release builds on: from `commit`, back along first parents over the merges of
 * `requestIds` (trailer `Relctl-Request`) that this release ships, to the first commit that is not
 * one — the release branch as it was before the promotion. Its version is the current version:
 * what a request branch wrote into its own `package.json` does not count.
 *
 * @example
 * ```ts
 * await findReleaseBase({ git, commit: workingTip, requestIds: ['A', 'C'] }); // main's tip before A and C were merged
 * ```
 */
export async function findReleaseBase(options: FindReleaseBaseOptions): Promise<Sha> {
  const wanted = new Set(options.requestIds);
  const history = await options.git.firstParentHistory(options.commit, { limit: options.requestIds.length + 1 });
  for (const commit of history) {
    const requests = Object.entries(parseTrailers(commit.message)).flatMap(([key, values]) => (key.toLowerCase() === Trailer.request.toLowerCase() ? values : []));
    if (commit.parents.length !== 2 || requests.length === 0 || !requests.every((id) => wanted.has(id))) return commit.sha;
  }
  return history.at(-1)?.parents[0] ?? options.commit;
}
