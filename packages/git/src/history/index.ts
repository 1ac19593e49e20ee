export { mergeBases, type MergeBasesOptions } from './merge-bases.js';
