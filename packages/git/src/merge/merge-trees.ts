import { MergeStore } from './merge-store.js';
import type { MergeCommonOptions, TreeMergeResult } from './merge-types.js';
import { finishMerge } from './finish-merge.js';
import { resolveRenameOptions } from './merge-config.js';
import { ortMerge } from './ort-merge.js';

/**
 * Options of {@link mergeTrees}.
 *
 * @example
 * ```ts
 * const result = await mergeTrees({ repo, base: baseTree, ours: oursTree, theirs: theirsTree, write: 'always' });
 * ```
 */
export interface MergeTreesOptions extends MergeCommonOptions {
  /** The common ancestor's tree, or `null` for none (the empty tree). */
  base: string | null;
  ours: string;
  theirs: string;
}

/**
 * Three-way merge of tree objects, computed on objects only (no worktree, no index, no ref).
 * Clean results are identical to `git merge-tree --write-tree` (same tree id); conflicts are
 * reported on the same paths, with their kind, the index stages and, for text conflicts, the file
 * with conflict markers. Objects are written only for a clean result unless `write` says otherwise.
 *
 * @example
 * ```ts
 * const repo = await openRepository({ cwd: '/path/to/clone' });
 * const result = await mergeTrees({ repo, base: baseTree, ours: oursTree, theirs: theirsTree });
 * if (result.clean) console.log('merged tree', result.tree);
 * else for (const c of result.conflicts) console.log(c.kind, c.path);
 * ```
 */
export async function mergeTrees(options: MergeTreesOptions): Promise<TreeMergeResult> {
  const { repo, base, ours, theirs } = options;
  if (ours === theirs || base === theirs) return { clean: true, tree: ours };
  if (base === ours) return { clean: true, tree: theirs };
  const store = new MergeStore(repo);
  const renames = await resolveRenameOptions(options);
  const result = await ortMerge({
    directoryRenames: renames.directories,
    renameLimit: renames.limit,
    store,
    base,
    side1: ours,
    side2: theirs,
    branch1: options.labels?.ours ?? 'ours',
    branch2: options.labels?.theirs ?? 'theirs',
    callDepth: 0,
  });
  return finishMerge({ store, result, write: options.write ?? 'clean' });
}
