import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import type { PlanStep, RecordStep } from './plan-step.js';
import type { PlanningContext } from './planning-context.js';

/**
 * The end of every writing plan: the `record` steps, one `update-refs` over `refs` plus the audit
 * log, and a `push` of the same refs when the policy has a remote. Refs are deduplicated in order.
 *
 * @example
 * ```ts
 * closingSteps({ ctx, records: [{ kind: 'record', event: { type: 'synced', requestIds: ['B'] } }], refs: ['refs/heads/req/B'] });
 * ```
 */
export function closingSteps(options: { ctx: PlanningContext; records: readonly RecordStep[]; refs: readonly string[] }): PlanStep[] {
  const refs = [...new Set([...options.refs, AUDIT_LOG_REF])];
  const steps: PlanStep[] = [...options.records, { kind: 'update-refs', refs }];
  const remote = options.ctx.policy.remote;
  if (remote !== null) steps.push({ kind: 'push', remote, refs: [...refs] });
  return steps;
}
