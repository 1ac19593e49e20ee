import type { CommitData, GitIdentity, GitPort } from '@relctl/core';
import { mergeCommits } from '../merge/merge-commits.js';
import type { Repository } from '../repo/repository.js';
import { recordResolution } from './record-resolution.js';
import { resolutionKey } from './resolution-key.js';

/**
 * Options of {@link learnResolutions}.
 *
 * @example
 * ```ts
 * const learned = await learnResolutions({ repo, git, commit: mergeCommit, identity, dryRun: true });
 * ```
 */
export interface LearnResolutionsOptions {
  repo: Repository;
  git: GitPort;
  /** A merge commit a person made (two parents), conflicts resolved by hand. */
  commit: string;
  identity: GitIdentity;
  /** Only say what would be learned; write nothing. */
  dryRun?: boolean;
  /** Sign each resolution commit (see `recordResolution`). */
  sign?: (commit: CommitData) => Promise<CommitData>;
}

/**
 * One resolution learned from a merge.
 *
 * @example
 * ```ts
 * const [first]: LearnedResolution[] = await learnResolutions({ repo, git, commit: mergeCommit, identity });
 * console.log(first?.path, first?.commit); // 'src/app.js' '…' (null on a dry run)
 * ```
 */
export interface LearnedResolution {
  path: string;
  key: string;
  /** The resolution commit at `refs/relctl/resolutions/<key>` (`null` in a dry run). */
  commit: string | null;
}

/**
 * Learn the resolutions of a merge a person finished by hand (like git's `rerere-train`): merge
 * its two parents again on objects; for every text conflict (`content`, `add-add`) the merge
 * commit's version of the file is the resolution of those conflicting blobs. Other conflict kinds
 * and deleted files are not recorded. A commit that is not a merge, or whose parents merge
 * cleanly, teaches nothing.
 *
 * @example
 * ```ts
 * const learned = await learnResolutions({ repo, git, commit: 'HEAD-sha', identity });
 * ```
 */
export async function learnResolutions(options: LearnResolutionsOptions): Promise<LearnedResolution[]> {
  const { repo, git, commit, identity } = options;
  const info = await git.readCommit(commit);
  const [ours, theirs] = info.parents;
  if (info.parents.length !== 2 || ours === undefined || theirs === undefined) return [];
  const merged = await mergeCommits({ repo, ours, theirs, write: 'never' });
  if (merged.clean) return [];
  const learned: LearnedResolution[] = [];
  for (const conflict of merged.conflicts) {
    if (conflict.kind !== 'content' && conflict.kind !== 'add-add') continue;
    const { base, ours: mine, theirs: other } = conflict.stages;
    if (mine === undefined || other === undefined) continue;
    const content = await git.readFile(commit, conflict.path);
    if (content === null) continue;
    const key = resolutionKey({ base: base?.oid ?? null, ours: mine.oid, theirs: other.oid });
    const recorded = options.dryRun
      ? null
      : await recordResolution({ git, key, path: conflict.path, content, source: commit, identity, ...(options.sign ? { sign: options.sign } : {}) });
    learned.push({ path: conflict.path, key, commit: recorded });
  }
  return learned;
}
