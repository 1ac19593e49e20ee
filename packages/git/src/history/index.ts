export { isAncestor, type IsAncestorOptions } from './is-ancestor.js';
export { mergeBases, type MergeBasesOptions } from './merge-bases.js';
export { firstParentHistory, type FirstParentHistoryOptions } from './first-parent-history.js';
export { commitsBetween, type CommitsBetweenOptions } from './commits-between.js';
export { ancestorsAmong, type AncestorsAmongOptions } from './ancestors-among.js';
export { readReachableCommits, type ReadReachableCommitsOptions } from './read-reachable-commits.js';
export { readFilesAt, type ReadFilesAtOptions } from './read-files-at.js';
