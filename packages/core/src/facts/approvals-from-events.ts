import type { AuditEvent } from '../model/audit-event.js';
import type { Approval, SignatureCheck } from '../model/facts.js';
import { isValidRequestId } from '../policy/is-valid-request-id.js';

/**
 * Collect approvals from audit-log events: every `approved` event with an environment and a SHA
 * gives one {@link Approval} per valid request id it names. `by` is the event's `data.by` when set
 * (an approval recorded on someone's behalf), else its actor. Order follows the events; exact
 * repeats (same request, environment, SHA, approver and signature check) keep the first. Malformed events are skipped.
 * `signatures` (by event id) gives each approval the check of its audit-log commit's signature.
 *
 * @example
 * ```ts
 * approvalsFromEvents([{ type: 'approved', requestIds: ['A'], env: 'prod', sha, actor: 'Kim <k@x>', at: 1 }]);
 * // [{ requestId: 'A', env: 'prod', sha, by: 'Kim <k@x>', at: 1 }]
 * ```
 */
export function approvalsFromEvents(events: readonly AuditEvent[], options: { signatures?: Readonly<Record<string, SignatureCheck>> } = {}): Approval[] {
  const approvals: Approval[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (event.type !== 'approved') continue;
    const { env, sha } = event;
    if (typeof env !== 'string' || env === '' || typeof sha !== 'string' || sha === '') continue;
    const delegated = event.data?.['by'];
    const by = typeof delegated === 'string' && delegated !== '' ? delegated : event.actor;
    const signature = event.id === undefined ? undefined : options.signatures?.[event.id];
    // Who signed is part of what the approval is: a forged copy of an approval must not hide a signed one.
    const signer = signature === undefined ? null : signature.status === 'verified' ? signature.signer : signature.status;
    for (const requestId of event.requestIds ?? []) {
      if (!isValidRequestId(requestId)) continue;
      const key = JSON.stringify([requestId, env, sha, by, signer]);
      if (seen.has(key)) continue;
      seen.add(key);
      approvals.push({ requestId, env, sha, by, at: event.at, ...(signature === undefined ? {} : { signature }) });
    }
  }
  return approvals;
}
