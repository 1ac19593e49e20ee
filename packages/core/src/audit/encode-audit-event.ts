import { UsageError } from '../errors/usage-error.js';
import type { AuditEvent } from '../model/audit-event.js';
import { auditEventSubject } from './audit-event-subject.js';
import { AUDIT_EVENT_FORMAT_VERSION, AUDIT_EVENT_TRAILER } from './audit-event-trailer.js';

/**
 * The commit message that stores one audit event: a human subject, a blank line, the reason
 * (when there is one) as a paragraph for people reading `git log`, then the machine-readable
 * trailer `Relctl-Event: <one-line JSON>` holding every field except `actor` and `id` (the
 * commit's author and id say those). `at` is kept in the JSON for millisecond precision; the
 * author date (seconds) stays authoritative. Decode with {@link decodeAuditEvent}. Throws
 * `UsageError` when the event cannot be written as JSON (a cycle, a `BigInt`).
 *
 * @example
 * ```ts
 * encodeAuditEvent({ type: 'promoted', requestIds: ['A', 'C'], env: 'prod', at: 1767225600000, actor: 'Kim <k@x>' });
 * // 'relctl: promoted A, C -> prod\n\nRelctl-Event: {"v":1,"type":"promoted","at":1767225600000,"requestIds":["A","C"],"env":"prod"}\n'
 * ```
 */
export function encodeAuditEvent(event: AuditEvent): string {
  const body: Record<string, unknown> = { v: AUDIT_EVENT_FORMAT_VERSION, type: event.type, at: event.at };
  if (event.requestIds !== undefined) body['requestIds'] = event.requestIds;
  if (event.env !== undefined) body['env'] = event.env;
  if (event.sha !== undefined) body['sha'] = event.sha;
  if (event.reason !== undefined) body['reason'] = event.reason;
  if (event.data !== undefined) body['data'] = event.data;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new UsageError(`audit event ${event.type} is not JSON-safe (${(error as Error).message}); pass plain data.`, { type: event.type });
  }
  const json = text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const reason = event.reason?.trim();
  // The reason paragraph is for people; strip anything that could look like our trailer.
  const paragraph = reason ? `${reason.replace(/^\s*Relctl-Event\s*:/gim, 'Relctl-Event -')}\n\n` : '';
  return `${auditEventSubject(event)}\n\n${paragraph}${AUDIT_EVENT_TRAILER}: ${json}\n`;
}
