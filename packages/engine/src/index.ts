/**
 * `@relctl/engine`: the application layer of relctl, between "arguments parsed" and "text
 * printed": open a session on a repository, gather the facts, decide and carry out operations.
 *
 * @packageDocumentation
 */
export { openContext, type CliContext, type OpenContextOptions, type GitBackend } from './context/open-context.js';
