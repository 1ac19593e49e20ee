/**
 * `@relctl/engine`: the application layer of relctl, between "arguments parsed" and "text
 * printed": open a session on a repository, gather the facts, decide and carry out operations.
 * Progress, notes and warnings are events to a listener; nothing is printed.
 *
 * @packageDocumentation
 */
export type * from './events/engine-event.js';
export { openSession, type OpenSessionOptions, type Session } from './session/open-session.js';
export type { CliContext, GitBackend } from './context/open-context.js';
export type { Identity } from './context/read-identity.js';
export type { OfflineSource } from './context/read-offline.js';
export type { Io } from './context/io.js';
export { promote, pairOverrides, type PromoteOptions, type PromoteResult } from './operations/promote.js';
export { afterMerge, type AfterMergeOptions, type AfterMergeRelease, type AfterMergeResult } from './operations/after-merge.js';
