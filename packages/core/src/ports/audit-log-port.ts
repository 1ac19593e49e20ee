import type { AuditEvent } from '../model/audit-event.js';
import type { Sha } from '../model/request.js';

/**
 * The audit log: an append-only chain of commits on {@link AUDIT_LOG_REF}.
 *
 * @example
 * ```ts
 * const tip = await git.readRef(AUDIT_LOG_REF);
 * const events = await log.read(tip);
 * ```
 */
export interface AuditLogPort {
  /** Events from the log tip (or `tip` when given), oldest first. */
  read(tip?: Sha | null): Promise<AuditEvent[]>;
  /**
   * Write one commit per event on top of `parent` (the log tip, `null` for a new log) and return
   * the new tip. Writes objects only: the ref moves in the command's ref transaction.
   */
  append(parent: Sha | null, events: AuditEvent[]): Promise<Sha>;
}

/**
 * Where the audit log lives.
 *
 * @example
 * ```ts
 * const tip = await git.resolveRef(AUDIT_LOG_REF); // 'refs/relctl/log'
 * ```
 */
export const AUDIT_LOG_REF = 'refs/relctl/log';
