/**
 * `@relctl/git`: the git port of relctl on isomorphic-git (and on the system `git` binary for
 * large repositories): tree merges, fast ancestry, ref transactions with a journal, the audit
 * log, fetch and push.
 *
 * @packageDocumentation
 */
export * from './repo/index.js';
export * from './merge/index.js';
export * from './history/index.js';
export * from './refs/index.js';
export * from './isomorphic/index.js';
export * from './system/index.js';
export * from './log/index.js';
export * from './remote/index.js';
export * from './resolutions/index.js';
export * from './objects/index.js';
export * from './signing/index.js';
