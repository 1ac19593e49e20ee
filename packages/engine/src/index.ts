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
export { candidate, type CandidateOptions, type CandidateResult } from './operations/candidate.js';
export { releaseEnvironment, branchRef } from './facts/gather-facts.js';
export { doctor, type DoctorOptions } from './operations/doctor.js';
export type { DoctorCheck } from './doctor/doctor-check.js';
export { conflicts, type ConflictsOptions, type ConflictsResult } from './operations/conflicts.js';
export { boardData, type BoardDataOptions } from './operations/board-data.js';
export type { BoardData, BoardConflicts } from './operations/board-data-types.js';
export { abortOnSignals, type SignalAbort } from './deploy/abort-on-signals.js';
export { listSharedResolutions, type ListSharedResolutionsOptions, type SharedResolution } from './operations/list-shared-resolutions.js';
export { learnSharedResolutions, type LearnSharedResolutionsOptions, type LearnedResolution } from './operations/learn-shared-resolutions.js';
export { forgetSharedResolutions, type ForgetSharedResolutionsOptions } from './operations/forget-shared-resolutions.js';
export type { ResolutionInfo } from '@relctl/git';
export { init, type InitOptions, type InitResult } from './operations/init.js';
export { newRequest, type NewRequestOptions, type NewRequestResult } from './operations/new-request.js';
export { listRequests, type ListRequestsOptions, type ListRequestsResult, type ListedRequest } from './operations/list-requests.js';
export { showRequest, type ShowRequestOptions, type ShowRequestResult, type RequestPlacement } from './operations/show-request.js';
export { demote, type DemoteOptions, type DemoteResult } from './operations/demote.js';
export { approve, type ApproveOptions, type ApproveResult } from './operations/approve.js';
export { sync, type SyncOptions, type SyncResult } from './operations/sync.js';
export { revert, type RevertOptions, type RevertResult } from './operations/revert.js';
export { previewNotes, type PreviewNotesOptions, type PreviewNotesResult } from './operations/preview-notes.js';
export { commentPromotionNotes, RELEASE_NOTES_MARKER, type CommentPromotionNotesOptions, type CommentPromotionNotesResult } from './operations/comment-promotion-notes.js';
export type { PullRequest, IssueComment } from './github/create-github-client.js';
export { readStatus, type ReadStatusOptions } from './operations/read-status.js';
export { readLog, readDeploymentLog, type ReadLogOptions } from './operations/read-log.js';
export { boundedText, TEXT_LIMITS } from './shared/bounded-text.js';
export { recordCheck, type RecordCheckOptions, type RecordCheckResult } from './operations/record-check.js';
export { afterMerge, type AfterMergeOptions, type AfterMergeRelease, type AfterMergeResult } from './operations/after-merge.js';
export { openContext, type OpenContextOptions } from './context/open-context.js';
export { findEnvironment } from './shared/find-environment.js';
export { unverifiedNote, type UnverifiedRelease } from './deploy/unverified-release.js';
export type { DeploymentRecord, RunDeployResult } from '@relctl/deploy';
export { closeRequest, type CloseRequestOptions, type CloseRequestResult } from './operations/close-request.js';
export { reopenRequest, type ReopenRequestOptions } from './operations/reopen-request.js';
export { reshipRequest, type ReshipRequestOptions } from './operations/reship-request.js';
