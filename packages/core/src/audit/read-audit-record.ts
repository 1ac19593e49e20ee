import { StateError } from '../errors/state-error.js';
import type { AuditEvent } from '../model/audit-event.js';
import { decodeAuditEvent, type DecodeAuditEventOptions } from './decode-audit-event.js';

/**
 * A log commit that is not a relctl event (invalid JSON, an unknown format version, no
 * `Relctl-Event:` trailer, a field of the wrong type): something other than relctl wrote it.
 * Readers leave it out and say so; `relctl doctor` names it with the repair.
 *
 * @example
 * ```ts
 * const skipped: SkippedAuditRecord = { id: '1a2b3c…', problem: 'Relctl-Event is not valid JSON' };
 * ```
 */
export interface SkippedAuditRecord {
  /** The log commit's id. */
  id: string;
  /** What is wrong with it, in a few words. */
  problem: string;
}

/**
 * What one log commit holds: `{ event }`, or `{ skipped }` when it cannot be read as a relctl
 * event. The non-throwing form of {@link decodeAuditEvent}: one commit someone else wrote must
 * not make the whole log unreadable in every clone, so the caller leaves it out and warns.
 *
 * @example
 * ```ts
 * const record = readAuditRecord({ message, at: commit.author.timestamp * 1000, actor: 'Kim <k@x>', id: commit.sha });
 * if ('skipped' in record) warn(record.skipped); else events.push(record.event);
 * ```
 */
export function readAuditRecord(options: DecodeAuditEventOptions): { event: AuditEvent } | { skipped: SkippedAuditRecord } {
  try {
    return { event: decodeAuditEvent(options) };
  } catch (error) {
    if (!(error instanceof StateError)) throw error;
    const data = error.data as { problem?: unknown };
    return { skipped: { id: String(options.id), problem: typeof data.problem === 'string' ? data.problem : error.message } };
  }
}
