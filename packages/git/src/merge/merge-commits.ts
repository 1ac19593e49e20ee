import * as git from 'isomorphic-git';
import { isAncestor as isAncestorInHistory } from '../history/is-ancestor.js';
import { mergeBases } from '../history/merge-bases.js';
import { parseCommitHeader } from '../history/parse-commit-header.js';
import { readStoredObject } from '../history/read-stored-object.js';
import { finishMerge } from './finish-merge.js';
import { gitMergeBaseOrder } from './git-merge-base-order.js';
import { mergeBasesOfSets } from './merge-bases-of-sets.js';
import { MergeStore } from './merge-store.js';
import type { MergeCommonOptions, TreeMergeResult } from './merge-types.js';
import { resolveRenameOptions, type ResolvedRenameOptions } from './merge-config.js';
import { ortMerge } from './ort-merge.js';

/**
 * Options of {@link mergeCommits}.
 *
 * @example
 * ```ts
 * const outcome = await mergeCommits({ repo, ours: mainSha, theirs: requestSha, labels: { ours: 'main', theirs: 'req/A' } });
 * ```
 */
export interface MergeCommitsOptions extends MergeCommonOptions {
  /** The commit merged into (its tree is "ours"). */
  ours: string;
  /** The commit merged in. */
  theirs: string;
}

/** A real commit, or the virtual commit git makes by merging several merge bases. */
interface Node {
  tree: string;
  /** Committer time, for ordering merge bases like git does. */
  time: number;
  /** The real commits this node stands for (itself, or the bases merged into it). */
  commits: string[];
}

interface Context {
  options: MergeCommitsOptions;
  store: MergeStore;
  renames: ResolvedRenameOptions;
}

async function loadCommit(ctx: Context, oid: string): Promise<Node> {
  const { repo } = ctx.options;
  const stored = readStoredObject({ repo, oid });
  if (stored?.type === 'commit') {
    const { tree, committerTime } = parseCommitHeader({ oid, data: stored.data });
    return { tree, time: committerTime, commits: [oid] };
  }
  const { commit } = await git.readCommit({ fs: repo.fs, gitdir: repo.commonDir, oid, cache: repo.cache });
  return { tree: commit.tree, time: commit.committer.timestamp, commits: [oid] };
}

async function isAncestor(ctx: Context, ancestor: string, descendant: string): Promise<boolean> {
  if (ancestor === descendant) return true;
  // The commit-graph walk of the history module, not isomorphic-git's isDescendent (a walk of
  // the whole history with depth -1).
  return isAncestorInHistory({ repo: ctx.options.repo, ancestor, descendant });
}

/** Best common ancestors of two nodes (for a virtual node: of the commits it was made from). */
async function basesOf(ctx: Context, a: Node, b: Node): Promise<string[]> {
  if (a.commits.length === 1 && b.commits.length === 1) return mergeBases({ repo: ctx.options.repo, a: a.commits[0] as string, b: b.commits[0] as string });
  return mergeBasesOfSets({ repo: ctx.options.repo, ones: a.commits, twos: b.commits });
}

/**
 * merge-ort's `merge_ort_internal`: merge the merge bases pairwise (oldest first, as git orders
 * them) into a virtual base whose conflicts are kept with markers, then merge the two sides.
 */
async function mergeNodes(ctx: Context, h1: Node, h2: Node, depth: number, branch1: string, branch2: string, known?: string[]) {
  let baseIds = known ?? (await basesOf(ctx, h1, h2));
  if (baseIds.length > 1 && h1.commits.length === 1 && h2.commits.length === 1) {
    baseIds = gitMergeBaseOrder({ repo: ctx.options.repo, one: h1.commits[0] as string, two: h2.commits[0] as string, bases: baseIds });
  }
  const bases = await Promise.all(baseIds.map((oid) => loadCommit(ctx, oid)));
  // oldest first (already so, with git's tie order, for two real commits)
  bases.sort((x, y) => x.time - y.time);
  let merged: Node | null = bases[0] ?? null;
  for (const next of bases.slice(1)) {
    const prev = merged as Node;
    const inner = await mergeNodes(ctx, prev, next, depth + 1, 'Temporary merge branch 1', 'Temporary merge branch 2');
    merged = { tree: inner.tree, time: Math.max(prev.time, next.time), commits: [...prev.commits, ...next.commits] };
  }
  return ortMerge({
    store: ctx.store,
    base: merged ? merged.tree : null,
    side1: h1.tree,
    side2: h2.tree,
    branch1,
    branch2,
    callDepth: depth,
    directoryRenames: ctx.renames.directories,
    renameLimit: ctx.renames.limit,
  });
}

/**
 * Three-way merge of two commits on objects: finds the merge base(s) and merges the trees like
 * `git merge-tree --write-tree ours theirs` (git's merge-ort); criss-cross histories with several
 * merge bases are merged into a virtual base first, exactly as git does. The result is
 * `MergeOutcome`-compatible: `{ clean: true, tree }` or `{ clean: false, conflicts }`.
 *
 * @example
 * ```ts
 * const repo = await openRepository({ cwd: '/path/to/clone' });
 * const outcome = await mergeCommits({ repo, ours: mainSha, theirs: requestSha });
 * if (!outcome.clean) throw new MergeConflictError('req/42 conflicts with main; run relctl conflicts.', { conflicts: outcome.conflicts.map((c) => c.path) });
 * ```
 */
export async function mergeCommits(options: MergeCommitsOptions): Promise<TreeMergeResult> {
  const store = new MergeStore(options.repo);
  const ctx: Context = { options, store, renames: await resolveRenameOptions(options) };
  const [h1, h2] = await Promise.all([loadCommit(ctx, options.ours), loadCommit(ctx, options.theirs)]);
  if (options.ours === options.theirs) return { clean: true, tree: h1.tree };
  // One walk answers both "already merged" and "fast-forward": the merge base is then one side.
  let bases: string[];
  try {
    bases = await basesOf(ctx, h1, h2);
  } catch (error) {
    // a shallow clone may still know that one side contains the other
    if (await isAncestor(ctx, options.theirs, options.ours)) return { clean: true, tree: h1.tree };
    if (await isAncestor(ctx, options.ours, options.theirs)) return { clean: true, tree: h2.tree };
    throw error;
  }
  if (bases.length === 1 && bases[0] === options.theirs) return { clean: true, tree: h1.tree };
  if (bases.length === 1 && bases[0] === options.ours) return { clean: true, tree: h2.tree };
  const result = await mergeNodes(ctx, h1, h2, 0, options.labels?.ours ?? 'ours', options.labels?.theirs ?? 'theirs', bases);
  return finishMerge({ store, result, write: options.write ?? 'clean' });
}
