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
}
