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
export { deploy, type DeployOptions, type DeployResult } from './operations/deploy.js';
export { rollback, type RollbackOptions, type RollbackResult } from './operations/rollback.js';
export type { LockedDeployOutcome } from './deploy/run-locked-deploy.js';
export { continueRun, type ResumeOptions } from './operations/continue-run.js';
export { skipStep } from './operations/skip-step.js';
export type { ResumeResult } from './shared/resume-run.js';
export { undo, type UndoOptions, type UndoOutcome } from './operations/undo.js';
export type { UndoPreview, UndoResult, RunResult } from '@relctl/runner';
