import type { Sha } from './request.js';

/**
 * Every kind of event relctl records in the audit log (`refs/relctl/log`).
 *
 * @example
 * ```ts
 * const isKnown = (type: string) => (AUDIT_EVENT_TYPES as readonly string[]).includes(type);
 * isKnown('promoted'); // true
 * ```
 */
export const AUDIT_EVENT_TYPES = [
  'request-created',
  'promoted',
  'demoted',
  'approved',
  'checked',
  'released',
  'synced',
  'deployed',
  'rolled-back',
  'reverted',
  'overridden',
  'lock-acquired',
  'lock-released',
  'undone',
  'promotion-closed',
  'closed',
  'reopened',
  'reshipped',
] as const;

/**
 * One of {@link AUDIT_EVENT_TYPES}.
 *
 * @example
 * ```ts
 * const type: AuditEventType = 'promoted';
 * ```
 */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * One audit-log event. Stored as one commit with an empty tree; `at` and `actor` are the
 * commit's author time and identity, everything else is in the structured message.
 *
 * @example
 * ```ts
 * const event: AuditEvent = { type: 'approved', at: 1700000000000, actor: 'Kim <kim@example.com>', requestIds: ['A'], env: 'prod', sha: 'e3b0c442…' };
 * ```
 */
export interface AuditEvent {
  type: AuditEventType;
  /** Epoch milliseconds. */
  at: number;
  /** `Name <email>` of who did it. */
  actor: string;
  /** Requests the event is about. */
  requestIds?: string[];
  /** Environment the event is about. */
  env?: string;
  /** The commit the event is about (a request head, a release commit, a deployed SHA). */
  sha?: Sha;
  /** Free text: an override's or rollback's reason. */
  reason?: string;
  /** Event-specific data, JSON-safe (title, requester, dependsOn, version, rule, tree, …). */
  data?: Record<string, unknown>;
  /** The log commit holding the event; set when read back from the log. */
  id?: Sha;
}

/**
 * An event before it is written: time and actor are filled in by the shell, not the core.
 *
 * @example
 * ```ts
 * const draft: AuditEventDraft = { type: 'demoted', env: 'test', requestIds: ['B'], reason: 'breaks login' };
 * ```
 */
export type AuditEventDraft = Omit<AuditEvent, 'at' | 'actor' | 'id'>;
