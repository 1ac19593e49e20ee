import type { MergeStore } from './merge-store.js';
import type { MergeStageEntry, MergeWriteMode, TreeMergeConflict, TreeMergeResult } from './merge-types.js';
import type { OrtMergeResult, Version } from './ort-merge.js';

/** Options of {@link finishMerge}. */
export interface FinishMergeOptions {
  store: MergeStore;
  result: OrtMergeResult;
  write: MergeWriteMode;
}

// A stage is listed when its bit is in the entry's filemask, like git's merge_get_conflicted_files
// (one corner of directory renames lists a stage with mode 000000, and so does merge-tree).
const stage = (v: Version, present: boolean): MergeStageEntry | undefined => (present ? { mode: v.mode.toString(8).padStart(6, '0'), oid: v.oid } : undefined);

/**
 * Turns an internal merge result into the public shape and writes the objects as asked.
 *
 * @internal
 * @example
 * ```ts
 * return finishMerge({ store, result, write: 'clean' });
 * ```
 */
export async function finishMerge(options: FinishMergeOptions): Promise<TreeMergeResult> {
  const { store, result, write } = options;
  if (result.clean) {
    if (write !== 'never') await store.flush(result.tree);
    return { clean: true, tree: result.tree };
  }
  const conflicts: TreeMergeConflict[] = result.conflicts.map((c) => {
    const stages: TreeMergeConflict['stages'] = {};
    const base = stage(c.stages[0], (c.filemask & 1) !== 0);
    const ours = stage(c.stages[1], (c.filemask & 2) !== 0);
    const theirs = stage(c.stages[2], (c.filemask & 4) !== 0);
    if (base) stages.base = base;
    if (ours) stages.ours = ours;
    if (theirs) stages.theirs = theirs;
    return { path: c.path, kind: c.kind, message: c.message, stages, ...(c.content ? { content: c.content } : {}) };
  });
  const messages = result.messages.map(({ type, paths, message }) => ({ type, paths, message }));
  if (write === 'always') {
    await store.flush(result.tree);
    return { clean: false, conflicts, messages, tree: result.tree };
  }
  return { clean: false, conflicts, messages };
}
