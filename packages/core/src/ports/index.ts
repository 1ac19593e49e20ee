export type {
  GitIdentity,
  CommitData,
  CommitInfo,
  MergeConflictKind,
  MergeConflict,
  MergeOutcome,
  MergeOptions,
  ResolutionUse,
  RefUpdate,
  TagData,
  TreeEntry,
  TreeEdit,
  GitPort,
} from './git-port.js';
export { AUDIT_LOG_REF, type AuditLogPort } from './audit-log-port.js';
export type { ReleaseInput, ReleaseOutput, ReleasePort } from './release-port.js';
export type { PushUpdate, RemotePort } from './remote-port.js';
