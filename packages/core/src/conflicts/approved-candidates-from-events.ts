import type { AuditEvent } from '../model/audit-event.js';
import { isValidRequestId } from '../policy/is-valid-request-id.js';
import type { ApprovedCandidate } from './approved-candidate.js';

/**
 * Options of {@link approvedCandidatesFromEvents}.
 *
 * @example
 * ```ts
 * const approvals = approvedCandidatesFromEvents({ events: facts.events });
 * ```
 */
export interface ApprovedCandidatesFromEventsOptions {
  events: readonly AuditEvent[];
}

const isSha = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value);

/**
 * Every candidate approval in the audit log, oldest first: `approved` events with a string
 * `data.candidate` and a `data.tree` object id. Malformed data is skipped, never thrown on (the
 * log is shared, and anyone can write to it).
 *
 * @example
 * ```ts
 * approvedCandidatesFromEvents({ events: facts.events }).filter((approval) => approval.env === 'prod');
 * ```
 */
export function approvedCandidatesFromEvents(options: ApprovedCandidatesFromEventsOptions): ApprovedCandidate[] {
  const found: ApprovedCandidate[] = [];
  for (const event of options.events) {
    if (event.type !== 'approved' || typeof event.env !== 'string' || event.env === '') continue;
    const data = event.data ?? {};
    const candidate = data['candidate'];
    const tree = data['tree'];
    if (typeof candidate !== 'string' || candidate === '' || !isSha(tree)) continue;
    const shas: Record<string, string> = {};
    const rawShas = data['shas'];
    if (typeof rawShas === 'object' && rawShas !== null) {
      for (const [id, sha] of Object.entries(rawShas as Record<string, unknown>)) if (isValidRequestId(id) && isSha(sha)) shas[id] = sha;
    }
    const by = typeof data['by'] === 'string' && data['by'] !== '' ? data['by'] : event.actor;
    const approval: ApprovedCandidate = {
      candidate,
      env: event.env,
      tree,
      requestIds: (event.requestIds ?? []).filter((id) => isValidRequestId(id)),
      shas,
      by,
      at: event.at,
    };
    if (isSha(data['commit'])) approval.commit = data['commit'];
    if (isSha(data['base'])) approval.base = data['base'];
    if (event.id !== undefined) approval.id = event.id;
    found.push(approval);
  }
  return found;
}
