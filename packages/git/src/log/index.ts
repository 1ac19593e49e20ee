export { createAuditLog, type CreateAuditLogOptions } from './create-audit-log.js';
export { mergeAuditLogs, type MergeAuditLogsOptions } from './merge-audit-logs.js';
export { actorIdentity } from './actor-identity.js';
