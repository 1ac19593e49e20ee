import { Trailer, parseTrailers, type CommitInfo, type GitPort, type Sha } from '@relctl/core';
import { MAINLINE_LIMIT } from './find-landed-release.js';
import type { PendingPromotion } from './pending-promotion.js';

/** Clocks of the machine that prepared the promotion and of GitHub may differ this much. */
const CLOCK_SLACK_MS = 10 * 60_000;

/**
 * A commit on the release branch since `pending`'s base (since it was prepared, when the release
 * commit is not in this clone), that says it is the
 * promotion's pull request landing: its message names the promotion branch (GitHub's merge
 * commit, a merge queue's), the release commit's id (`git merge --squash`'s message), the pull request's title `Release <version> to …` (GitHub's squash
 * commit), or carries the release's `Relctl-Release` trailer (a rebased release commit). Whether
 * it really holds the release is for {@link proveLanding} to say; `null` when none claims it.
 *
 * @example
 * ```ts
 * const claim = await landingClaim({ git: session.git, tip: mainTip, pending });
 * if (claim) console.log(`merged as ${claim.sha}`);
 * ```
 */
export async function landingClaim(options: { git: GitPort; tip: Sha; pending: PendingPromotion }): Promise<CommitInfo | null> {
  const { git, tip, pending } = options;
  const title = `Release ${pending.version} to `;
  let present = true;
  try {
    await git.readCommit(pending.releaseCommit);
  } catch {
    present = false;
  }
  for (const commit of await git.firstParentHistory(tip, { limit: MAINLINE_LIMIT })) {
    // Back to the promotion's base when the release commit is here, else back to its time.
    if (present ? await git.isAncestor(commit.sha, pending.releaseCommit) : commit.committer.timestamp * 1000 < pending.at - CLOCK_SLACK_MS) break;
    const trailers = parseTrailers(commit.message);
    const release = Object.entries(trailers)
      .find(([name]) => name.toLowerCase() === Trailer.release.toLowerCase())?.[1]
      ?.at(-1)
      ?.trim();
    if (commit.message.includes(pending.branch) || commit.message.includes(pending.releaseCommit) || commit.message.startsWith(title) || release === pending.version) return commit;
  }
  return null;
}
