export { mergeTrees, type MergeTreesOptions } from './merge-trees.js';
export { mergeCommits, type MergeCommitsOptions } from './merge-commits.js';
export { mergeText, type MergeTextOptions, type MergeTextResult } from './merge-text.js';
export type { TreeMergeResult, TreeMergeConflict, MergeStageEntry, MergeLabels, MergeWriteMode, MergeCommonOptions, MergeRenameOptions, MergeMessage } from './merge-types.js';
