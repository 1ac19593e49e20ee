/**
 * `@relctl/git`: the git port of relctl on isomorphic-git (and on the system `git` binary for
 * large repositories): tree merges, fast ancestry, ref transactions with a journal, the audit
 * log, fetch and push.
 *
 * @packageDocumentation
 */
export * from './repo/index.js';
