export { exportTree, type ExportTreeOptions, type ExportTreeResult } from './export-tree.js';
