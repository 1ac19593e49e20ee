export type { Sha, Bump, ChangesetSummary, Request } from './request.js';
export { REQUEST_ID_PATTERN } from './request.js';
export type { EnvironmentKind, RuleSpec, Environment } from './environment.js';
export type { Policy } from './policy.js';
export { AUDIT_EVENT_TYPES, type AuditEventType, type AuditEvent, type AuditEventDraft } from './audit-event.js';
export type { EnvironmentMember, EnvironmentState, Approval, SignatureCheck, CheckOutcome, CheckResult, KnownConflict, PromotionTree, PlannedResolution, Facts } from './facts.js';
export type { Override, PromotionIntent } from './intent.js';
export type { RuleStatus, RuleOutcome, PromotionDecision } from './decision.js';
export { Trailer } from './trailers.js';
