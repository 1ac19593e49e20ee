export { encodeAuditEvent } from './encode-audit-event.js';
export { decodeAuditEvent, type DecodeAuditEventOptions } from './decode-audit-event.js';
export { auditEventSubject } from './audit-event-subject.js';
export { AUDIT_EVENT_TRAILER, AUDIT_EVENT_FORMAT_VERSION } from './audit-event-trailer.js';
export { isSuccessfulDeployment } from './is-successful-deployment.js';
export { readAuditRecord, type SkippedAuditRecord } from './read-audit-record.js';
export { loggedIntegrationMembers, type LoggedIntegrationMembersOptions } from './logged-integration-members.js';
export { lastLoggedRelease, type LastLoggedReleaseOptions } from './last-logged-release.js';
