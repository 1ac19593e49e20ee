import { shortSha, type GitPort, type LineageLink, type Sha } from '@relctl/core';
import type { MergeProof, MergeProofCache } from './lineage-cache.js';

/** Options of {@link proveSyncLink}. */
export interface ProveSyncLinkOptions {
  git: GitPort;
  /** The request head to prove. */
  commit: Sha;
  /** The production branch's tip (`null`: no production branch, nothing carries). */
  releaseTip: Sha | null;
  /** Tree checks already made, by commit; filled in. */
  cache: MergeProofCache;
}

/**
 * Whether `commit` is a trivial sync of its first parent: exactly two parents, the second on the
 * production branch's history (contained in its tip), and the commit's tree is the tree of the
 * clean merge of the two, computed on objects without recorded resolutions (a merge that needed
 * one, or a merge someone edited, proves nothing about the request's own change).
 *
 * @example
 * ```ts
 * const link = await proveSyncLink({ git, commit: head, releaseTip, cache: new Map() });
 * if (!link.carries) console.log(link.reason);
 * ```
 */
export async function proveSyncLink(options: ProveSyncLinkOptions): Promise<LineageLink> {
  const { git, commit, releaseTip, cache } = options;
  const info = await git.readCommit(commit);
  const [previous, merged] = info.parents;
  if (previous === undefined) return { sha: commit, previous: null, carries: false, reason: 'it has no parent' };
  if (info.parents.length !== 2 || merged === undefined) {
    return { sha: commit, previous, carries: false, reason: info.parents.length === 1 ? 'it is a commit of its own, not a sync' : 'it merges more than two commits' };
  }
  const link = { sha: commit, previous, merged };
  if (releaseTip === null || !(await git.isAncestor(merged, releaseTip))) {
    return { ...link, carries: false, reason: `it merges ${shortSha(merged)}, which is not on the production branch` };
  }
  let proof = cache.get(commit);
  if (proof === undefined) {
    proof = await mergeProof(git, previous, merged, info.tree);
    cache.set(commit, proof);
  }
  if (proof === 'conflict') return { ...link, carries: false, reason: `merging ${shortSha(merged)} conflicts, so the sync needed a resolution` };
  if (proof === 'edited') return { ...link, carries: false, reason: `its tree differs from the clean merge of ${shortSha(previous)} and ${shortSha(merged)}` };
  return { ...link, carries: true };
}

async function mergeProof(git: GitPort, ours: Sha, theirs: Sha, tree: Sha): Promise<MergeProof> {
  // No recorded resolution: a resolution is code someone wrote, which no earlier approval saw.
  const outcome = await git.mergeCommits(ours, theirs, { resolutions: [] });
  if (!outcome.clean || (outcome.resolutions ?? []).length > 0) return 'conflict';
  return outcome.tree === tree ? 'clean' : 'edited';
}
