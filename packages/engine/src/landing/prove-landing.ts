import type { GitPort, Sha } from '@relctl/core';
import { MAINLINE_LIMIT } from './find-landed-release.js';

/** How many commits back a rebase may have started (the replayed commits of one pull request). */
const ONTO_LIMIT = 100;

/**
 * How a promotion branch's release commit reached the release branch, proved on git objects.
 *
 * @example
 * ```ts
 * const proof: LandingProof = { commit: '5d41402a…', how: 'same-tree' };
 * ```
 */
export interface LandingProof {
  /** The first commit on the release branch's first-parent line that holds the release. */
  commit: Sha;
  /**
   * `ancestor`: the release commit itself is in the branch (merge commit, fast-forward, merge
   * queue); `same-tree`: a commit with exactly the release's tree (a squash or a rebase onto an
   * unchanged base); `merged-tree`: a commit whose tree is exactly the three-way merge of the
   * release into an earlier commit of the line (the release plus what landed before it).
   */
  how: 'ancestor' | 'same-tree' | 'merged-tree';
}

/**
 * Prove where `releaseCommit` (a promotion branch's tip) landed on the line of `tip`, however the
 * pull request was merged: `tip` contains it (merge commit, fast-forward, merge queue), or, walking
 * the first-parent line from the promotion's base forward, the first commit whose tree is the
 * release's tree, or the release's tree plus the changes that landed before it (its tree is
 * exactly the clean three-way merge of the release into an earlier commit of the line: its parent
 * for a squash, the commit the replay started on for a rebase, whose last commit it is). A commit
 * with any other change of its own proves nothing.
 * `null` when no commit proves it.
 *
 * @example
 * ```ts
 * const proof = await proveLanding({ git: session.git, tip: mainTip, releaseCommit: pending.releaseCommit });
 * if (proof) console.log(`landed as ${proof.commit} (${proof.how})`);
 * ```
 */
export async function proveLanding(options: { git: GitPort; tip: Sha; releaseCommit: Sha }): Promise<LandingProof | null> {
  const { git, tip, releaseCommit } = options;
  if (await git.isAncestor(releaseCommit, tip)) return { commit: releaseCommit, how: 'ancestor' };
  const release = await git.readCommit(releaseCommit);
  // The commits that landed since the promotion's base, oldest first.
  const since = [];
  for (const commit of await git.firstParentHistory(tip, { limit: MAINLINE_LIMIT })) {
    if (await git.isAncestor(commit.sha, releaseCommit)) break;
    since.push(commit);
  }
  // A squash is the release merged into its parent; a rebase replays the commits onto a commit
  // further back, so its last commit is the release merged into that one. Each merge is made once.
  const line = since.reverse();
  const mergedInto = new Map<Sha, Sha | null>();
  const mergedTree = async (parent: Sha): Promise<Sha | null> => {
    if (!mergedInto.has(parent)) {
      const merged = await git.mergeCommits(parent, releaseCommit);
      mergedInto.set(parent, merged.clean ? merged.tree : null);
    }
    return mergedInto.get(parent) ?? null;
  };
  const onto = line[0]?.parents[0];
  for (const [index, commit] of line.entries()) {
    if (commit.tree === release.tree) return { commit: commit.sha, how: 'same-tree' };
    const parents = [onto, ...line.slice(0, index).map((earlier) => earlier.sha)].reverse();
    for (const parent of parents.slice(0, ONTO_LIMIT)) {
      if (parent !== undefined && (await mergedTree(parent)) === commit.tree) return { commit: commit.sha, how: 'merged-tree' };
    }
  }
  return null;
}
