import { StateError, shortSha, type CommitInfo, type GitPort, type Sha } from '@relctl/core';
import { releaseCommitOf, type LandedReleaseFound } from './find-landed-release.js';
import { landingClaim } from './landing-claim.js';
import type { PendingPromotion } from './pending-promotion.js';
import { proveLanding, type LandingProof } from './prove-landing.js';

/**
 * A promotion branch's release found on the release branch, and how it was proved.
 *
 * @example
 * ```ts
 * const found: LandedPromotion = { landed, how: 'merged-tree', mergedAs: '5d41402a…' };
 * ```
 */
export interface LandedPromotion {
  /** The release to finish: `commit` is the production commit that holds it, `heads` what shipped. */
  landed: LandedReleaseFound;
  how: LandingProof['how'];
  /** The commit GitHub says merged the pull request, when it was asked (a squash or a rebase, or no proof). */
  mergedAs: Sha | null;
}

/**
 * Where the promotion `pending` (from the audit log) landed on the release branch `tip`, proved on
 * git objects ({@link proveLanding}); `null` when it has not landed and no commit claims it did
 * (its pull request is still open). `askGithub` gives the commit GitHub says merged its pull
 * request (`null`: not merged, or no API); it is asked only where the objects alone do not show the
 * release commit in the branch.
 *
 * @throws StateError (exit 2) when the release branch says the promotion landed — a commit claims
 * it ({@link landingClaim}) or GitHub says its pull request was merged — but no commit can be proved
 * to hold the release, or the promotion branch's commits are not in this clone.
 * @example
 * ```ts
 * const found = await landedPromotion({ git: session.git, tip: mainTip, pending, branch: 'main', tag: 'v1.1.0', askGithub: async () => null });
 * ```
 */
export async function landedPromotion(options: {
  git: GitPort;
  tip: Sha;
  pending: PendingPromotion;
  branch: string;
  tag: string;
  askGithub?: () => Promise<Sha | null>;
}): Promise<LandedPromotion | null> {
  const { git, tip, pending } = options;
  let asked: Sha | null | undefined;
  const github = async (): Promise<Sha | null> => (asked === undefined ? (asked = (await options.askGithub?.()) ?? null) : asked);
  const what = `${pending.branch} (release ${pending.version} of ${pending.requestIds.join(', ')})`;
  let release: CommitInfo;
  try {
    release = await git.readCommit(pending.releaseCommit);
  } catch {
    const claim = (await github()) ?? (await landingClaim({ git, tip, pending }))?.sha ?? null;
    if (claim === null) return null;
    throw new StateError(
      `${what} was merged into ${options.branch} as ${shortSha(claim)}, but its release commit ${shortSha(pending.releaseCommit)} is not in this clone, so relctl cannot prove what shipped; nothing changed. Fetch it (git fetch origin ${pending.branch}, or the pull request's refs/pull/<number>/head), then run "relctl after-merge" again.`,
      { branch: pending.branch, version: pending.version, releaseCommit: pending.releaseCommit, mergedAs: claim },
    );
  }
  const proof = await proveLanding({ git, tip, releaseCommit: pending.releaseCommit });
  if (proof === null) {
    const claim = (await github()) ?? (await landingClaim({ git, tip, pending }))?.sha ?? null;
    if (claim === null) return null;
    throw new StateError(
      `${what} was merged into ${options.branch} as ${shortSha(claim)}, but no commit of ${options.branch} holds its release: none has the promotion branch's tree (${shortSha(release.tree)}), alone or with what landed meanwhile; nothing changed. ` +
        `See what differs (git diff ${shortSha(pending.releaseCommit)} ${shortSha(claim)}); then promote ${pending.requestIds.join(' ')} --via-pr again, or, when ${options.branch} is right, tag ${options.tag} on it by hand.`,
      { branch: pending.branch, version: pending.version, releaseCommit: pending.releaseCommit, mergedAs: claim },
    );
  }
  const own = releaseCommitOf(release);
  const date = own?.date ?? new Date(release.committer.timestamp * 1000).toISOString().slice(0, 10);
  const parent = release.parents[0] ?? pending.releaseCommit;
  const landed: LandedReleaseFound = {
    commit: proof.commit,
    parent,
    version: own?.version ?? pending.version,
    requestIds: own?.requestIds ?? pending.requestIds,
    date,
    heads: { ...pending.heads },
  };
  return { landed, how: proof.how, mergedAs: proof.how === 'ancestor' ? null : await github() };
}
