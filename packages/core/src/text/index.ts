export * from './printable.js';
export * from './split-lines.js';
