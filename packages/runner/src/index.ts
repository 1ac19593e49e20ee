/**
 * `@relctl/runner`: executes plans from `@relctl/core` against the ports, saving run state after
 * every step so a stopped or crashed run can be continued, skipped past or undone.
 *
 * @packageDocumentation
 */
export type { RunState, RunStop, SyncConflict, AppliedInRun, LeftOut } from './run-state.js';
export type { RunStateStore } from './run-state-store.js';
export { createFileRunStateStore, type FileRunStateStoreOptions } from './file-run-state-store.js';
export { createMemoryRunStateStore } from './memory-run-state-store.js';
export type { RunPorts, RunOptions, StepProgress } from './run-context.js';
export type { RunResult } from './drive-run.js';
export { assertNoUnfinishedRun, type AssertNoUnfinishedRunOptions } from './assert-no-unfinished-run.js';
export { executePlan, type ExecutePlanOptions } from './execute-plan.js';
export { continueRun, type ContinueRunOptions } from './continue-run.js';
export { rollbackUnpublishedRun, type RollbackUnpublishedRunOptions } from './rollback-unpublished-run.js';
export { undoRun, type UndoRunOptions, type UndoResult } from './undo-run.js';
export { previewUndo, type PreviewUndoOptions, type UndoPreview } from './preview-undo.js';
export { runStateObjects, type RunStateObjectsOptions } from './run-state-objects.js';
