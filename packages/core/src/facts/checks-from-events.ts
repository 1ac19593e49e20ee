import type { AuditEvent } from '../model/audit-event.js';
import type { CheckOutcome, CheckResult, SignatureCheck } from '../model/facts.js';

const OUTCOMES: ReadonlySet<string> = new Set<CheckOutcome>(['pass', 'fail', 'pending']);

/**
 * Options of {@link checksFromEvents}.
 *
 * @example
 * ```ts
 * const options: ChecksFromEventsOptions = { events, signatures: facts.signatures };
 * ```
 */
export interface ChecksFromEventsOptions {
  events: readonly AuditEvent[];
  /** Signature checks of audit-log commits by id (recorded results are signed where a team requires it). */
  signatures?: Readonly<Record<string, SignatureCheck>> | undefined;
}

/**
 * Collect the check results recorded in the audit log (`relctl check record`): every `checked`
 * event with a SHA, a `data.name` and a `data.result` of `pass`, `fail` or `pending` gives one
 * {@link CheckResult} with source `relctl`, reported by the event's actor. Malformed events are
 * skipped; order follows the events.
 *
 * @example
 * ```ts
 * checksFromEvents({ events: [{ type: 'checked', at: 1, actor: 'CI <ci@x>', sha, data: { name: 'unit', result: 'pass' } }] });
 * // [{ name: 'unit', result: 'pass', sha, source: 'relctl', by: 'CI <ci@x>', at: 1 }]
 * ```
 */
export function checksFromEvents(options: ChecksFromEventsOptions): CheckResult[] {
  const found: CheckResult[] = [];
  for (const event of options.events) {
    if (event.type !== 'checked') continue;
    const name = event.data?.['name'];
    const result = event.data?.['result'];
    const url = event.data?.['url'];
    if (typeof event.sha !== 'string' || event.sha === '' || typeof name !== 'string' || name === '') continue;
    if (typeof result !== 'string' || !OUTCOMES.has(result)) continue;
    const signature = event.id === undefined ? undefined : options.signatures?.[event.id];
    found.push({
      name,
      result: result as CheckOutcome,
      sha: event.sha,
      source: 'relctl',
      by: event.actor,
      at: event.at,
      ...(typeof url === 'string' && url !== '' ? { url } : {}),
      ...(event.id === undefined ? {} : { id: event.id }),
      ...(signature === undefined ? {} : { signature }),
    });
  }
  return found;
}
