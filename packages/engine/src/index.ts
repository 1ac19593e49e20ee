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
export { newRequest, type NewRequestOptions, type NewRequestResult } from './operations/new-request.js';
export { listRequests, type ListRequestsOptions, type ListRequestsResult, type ListedRequest } from './operations/list-requests.js';
export { showRequest, type ShowRequestOptions, type ShowRequestResult, type RequestPlacement } from './operations/show-request.js';
export { demote, type DemoteOptions, type DemoteResult } from './operations/demote.js';
export { approve, type ApproveOptions, type ApproveResult } from './operations/approve.js';
export { sync, type SyncOptions, type SyncResult } from './operations/sync.js';
export { revert, type RevertOptions, type RevertResult } from './operations/revert.js';
export { previewNotes, type PreviewNotesOptions, type PreviewNotesResult } from './operations/preview-notes.js';
export { readStatus, type ReadStatusOptions } from './operations/read-status.js';
export { readLog, readDeploymentLog, type ReadLogOptions } from './operations/read-log.js';
export { boundedText, TEXT_LIMITS } from './shared/bounded-text.js';
