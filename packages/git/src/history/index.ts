export { isAncestor, type IsAncestorOptions } from './is-ancestor.js';
export { mergeBases, type MergeBasesOptions } from './merge-bases.js';
export { firstParentHistory, type FirstParentHistoryOptions } from './first-parent-history.js';
export { commitsBetween, type CommitsBetweenOptions } from './commits-between.js';
