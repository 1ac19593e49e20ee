import type { MergeConflictKind } from '@relctl/core';
import type { Repository } from '../repo/repository.js';

/** One version of a conflicted path, as git records it in an index stage. */
export interface MergeStageEntry {
  /** Octal mode as git writes it: `100644`, `100755`, `120000`, `160000`. */
  mode: string;
  oid: string;
}

/** One conflicted path of a tree merge (the paths `git merge-tree --name-only` lists). */
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

/** Result of a tree or commit merge; `MergeOutcome`-compatible. */
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

/** Labels used in conflict markers and in the names of paths moved aside. */
export interface MergeLabels {
  /** Default `ours`. */
  ours?: string;
  /** Default `theirs`. */
  theirs?: string;
}

/** When the merge writes its objects: `clean` (default) only for a clean result; `always`; `never`. */
export type MergeWriteMode = 'clean' | 'always' | 'never';

/** Options shared by {@link mergeTrees} and `mergeCommits`. */
export interface MergeCommonOptions {
  repo: Repository;
  labels?: MergeLabels;
  write?: MergeWriteMode;
}
