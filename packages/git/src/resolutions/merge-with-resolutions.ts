import type { GitPort, MergeOutcome, ResolutionUse, TreeEdit } from '@relctl/core';
import { mergeCommits } from '../merge/merge-commits.js';
import type { Repository } from '../repo/repository.js';
import { RESOLUTIONS_PREFIX, resolutionKey } from './resolution-key.js';

/**
 * Options of {@link mergeWithResolutions}.
 *
 * @example
 * ```ts
 * await mergeWithResolutions({ repo, git, ours: testTip, theirs: requestHead, prefixes: ['refs/relctl/resolutions/', 'refs/remotes/origin/relctl/resolutions/'] });
 * ```
 */
export interface MergeWithResolutionsOptions {
  repo: Repository;
  git: GitPort;
  ours: string;
  theirs: string;
  /**
   * Ref prefixes to look resolutions up under, in order (default: `refs/relctl/resolutions/`).
   * Add a remote's tracking prefix (`refs/remotes/origin/relctl/resolutions/`) to use the team's
   * resolutions as fetched.
   */
  prefixes?: readonly string[];
  /** Only these resolution commits may be applied (default: any recorded one). */
  allowed?: readonly string[];
}

/**
 * A merge outcome plus the recorded resolutions it used.
 *
 * @example
 * ```ts
 * const outcome: ResolvedMergeOutcome = await mergeWithResolutions({ repo, git, ours: testTip, theirs: requestHead });
 * console.log(outcome.clean, outcome.resolved.map((r) => r.path)); // true ['src/app.js']
 * ```
 */
export type ResolvedMergeOutcome = MergeOutcome & {
  /** The recorded resolutions applied: path, key, resolution commit and who recorded it. */
  resolved: ResolutionUse[];
};

/**
 * Merge two commits on objects and, when the only conflicts are text conflicts whose exact
 * blobs have a recorded resolution, apply those resolutions: the result is clean, with the
 * resolved files in the merged tree. When any conflict has no resolution the outcome is the plain
 * conflict (nothing is half-applied).
 *
 * @example
 * ```ts
 * const outcome = await mergeWithResolutions({ repo, git, ours: testTip, theirs: requestHead });
 * if (outcome.clean && outcome.resolved.length > 0) console.log('reused', outcome.resolved.map((r) => r.path));
 * ```
 */
export async function mergeWithResolutions(options: MergeWithResolutionsOptions): Promise<ResolvedMergeOutcome> {
  const { repo, git, ours, theirs } = options;
  const prefixes = options.prefixes ?? [RESOLUTIONS_PREFIX];
  // Look first without writing anything: most conflicts have no resolution.
  const trial = await mergeCommits({ repo, ours, theirs, write: 'never' });
  if (trial.clean) return { clean: true, tree: (await mergeCommits({ repo, ours, theirs })).tree as string, resolved: [] };
  const unresolved: ResolvedMergeOutcome = {
    clean: false,
    conflicts: trial.conflicts.map((conflict) => ({ path: conflict.path, kind: conflict.kind })),
    resolved: [],
  };
  const edits: TreeEdit[] = [];
  const resolved: ResolutionUse[] = [];
  for (const conflict of trial.conflicts) {
    const { base, ours: mine, theirs: other } = conflict.stages;
    if ((conflict.kind !== 'content' && conflict.kind !== 'add-add') || mine === undefined || other === undefined) return unresolved;
    const key = resolutionKey({ base: base?.oid ?? null, ours: mine.oid, theirs: other.oid });
    let commit: string | null = null;
    for (const prefix of prefixes) {
      commit = await git.readRef(`${prefix}${key}`);
      if (commit !== null && options.allowed !== undefined && !options.allowed.includes(commit)) commit = null;
      if (commit !== null) break;
    }
    const content = commit === null ? null : await git.readFile(commit, 'resolved');
    if (commit === null || content === null) return unresolved;
    const { author } = await git.readCommit(commit);
    edits.push({ path: conflict.path, content, mode: mine.mode === '100755' ? '100755' : '100644' });
    resolved.push({ path: conflict.path, key, commit, by: author.email === '' ? author.name : `${author.name} <${author.email}>` });
  }
  // Every conflict is covered: write the merged tree (markers included) and put the resolutions in.
  const merged = await mergeCommits({ repo, ours, theirs, write: 'always' });
  if (merged.clean || merged.tree === undefined) return unresolved;
  return { clean: true, tree: await git.editTree(merged.tree, edits), resolved };
}
