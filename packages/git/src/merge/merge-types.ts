import type { MergeConflictKind } from '@relctl/core';
import type { Repository } from '../repo/repository.js';

/**
 * One version of a conflicted path, as git records it in an index stage.
 *
 * @example
 * ```ts
 * const ours: MergeStageEntry = { mode: '100644', oid: '3b18e512dba79e4c8300dd08aeb37f8e728b8dad' };
 * ```
 */
export interface MergeStageEntry {
  /** Octal mode as git writes it: `100644`, `100755`, `120000`, `160000`. */
  mode: string;
  oid: string;
}

/**
 * One conflicted path of a tree merge (the paths `git merge-tree --name-only` lists).
 *
 * @example
 * ```ts
 * const conflict: TreeMergeConflict = { path: 'src/app.ts', kind: 'content', message: 'CONFLICT (content): Merge conflict in src/app.ts', stages: { base: { mode: '100644', oid: 'e69de29b…' }, ours: { mode: '100644', oid: '3b18e512…' }, theirs: { mode: '100644', oid: '9daeafb9…' } } };
 * ```
 */
export interface TreeMergeConflict {
  path: string;
  kind: MergeConflictKind;
  /** One line saying what happened, in the words git uses (`CONFLICT (content): …`). */
  message: string;
  /** The versions of the path (index stages 1, 2 and 3), when present. */
  stages: { base?: MergeStageEntry; ours?: MergeStageEntry; theirs?: MergeStageEntry };
  /**
   * For text conflicts (`content`, `add-add`): the file with git-style conflict markers
   * (`<<<<<<< ours` / `=======` / `>>>>>>> theirs`), ready to be written into a worktree.
   */
  content?: Uint8Array;
}

/**
 * One of git's conflict or notice messages of a merge (what `git merge-tree --messages` prints):
 * the rename, directory-rename and content conflicts, including those that leave no conflicted
 * path of their own (a directory renamed to several places, a file in the way of a directory rename).
 *
 * @example
 * ```ts
 * const message: MergeMessage = { type: 'CONFLICT (rename/delete)', paths: ['new.txt', 'old.txt'], message: 'CONFLICT (rename/delete): old.txt renamed to new.txt in ours, but deleted in theirs.' };
 * ```
 */
export interface MergeMessage {
  /** git's stable short description of the message (`CONFLICT (rename/rename)`, `Auto-merging`, …). */
  type: string;
  /** The paths involved, the primary one first. */
  paths: string[];
  /** The message, in git's words. */
  message: string;
}

/**
 * Result of a tree or commit merge; `MergeOutcome`-compatible.
 *
 * @example
 * ```ts
 * const result: TreeMergeResult = await mergeCommits({ repo, ours: mainSha, theirs: requestSha });
 * const tree = result.clean ? result.tree : null;
 * ```
 */
export type TreeMergeResult =
  | { clean: true; tree: string }
  | {
      clean: false;
      conflicts: TreeMergeConflict[];
      /** git's messages for the merge, sorted by primary path (a merge can be unclean with no conflicted path). */
      messages: MergeMessage[];
      /**
       * The tree git's `merge-tree --write-tree` would print (conflicted files with markers),
       * present only when its objects were written (`write: 'always'`).
       */
      tree?: string;
    };

/**
 * Labels used in conflict markers and in the names of paths moved aside.
 *
 * @example
 * ```ts
 * const labels: MergeLabels = { ours: 'main', theirs: 'req/A' }; // '<<<<<<< main' … '>>>>>>> req/A'
 * ```
 */
export interface MergeLabels {
  /** Default `ours`. */
  ours?: string;
  /** Default `theirs`. */
  theirs?: string;
}

/**
 * When the merge writes its objects: `clean` (default) only for a clean result; `always`; `never`.
 *
 * @example
 * ```ts
 * const write: MergeWriteMode = 'never'; // a trial merge: compute the result, write no objects
 * await mergeCommits({ repo, ours, theirs, write });
 * ```
 */
export type MergeWriteMode = 'clean' | 'always' | 'never';

/**
 * How a merge follows renames, like git's `merge.directoryRenames` and `merge.renameLimit`.
 * Unset fields are read from the repository's config, then default to git's (`conflict`, 7000).
 *
 * @example
 * ```ts
 * const renames: MergeRenameOptions = { directories: 'true', limit: 1000 };
 * await mergeCommits({ repo, ours, theirs, renames });
 * ```
 */
export interface MergeRenameOptions {
  /**
   * A file added (or renamed) into a directory the other side renamed: `true` moves it along,
   * `conflict` (git's default) moves it along and reports a `CONFLICT (file location)`,
   * `false` leaves it where it was added.
   */
  directories?: 'true' | 'conflict' | 'false';
  /**
   * Inexact (similarity) rename detection is skipped when unpaired destinations x sources exceed
   * this squared; 0 or less means git's default of 7000.
   */
  limit?: number;
}

/**
 * Options shared by {@link mergeTrees} and `mergeCommits`.
 *
 * @example
 * ```ts
 * const common: MergeCommonOptions = { repo, labels: { ours: 'main', theirs: 'req/A' }, write: 'clean' };
 * await mergeCommits({ ...common, ours: mainSha, theirs: requestSha });
 * ```
 */
export interface MergeCommonOptions {
  repo: Repository;
  labels?: MergeLabels;
  write?: MergeWriteMode;
  /** Rename handling; defaults from the repository's config like `git merge-tree`. */
  renames?: MergeRenameOptions;
}
