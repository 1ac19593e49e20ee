import type { AuditEventDraft } from '../model/audit-event.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';

/**
 * Options of {@link planRecord}.
 *
 * @example
 * ```ts
 * const plan = planRecord({ policy, facts, event: { type: 'synced', requestIds: ['B'] }, command: 'continue' });
 * ```
 */
export interface PlanRecordOptions {
  policy: Policy;
  facts: Facts;
  event: AuditEventDraft;
  command: string;
}

/**
 * Record one event about something done outside the runner (e.g. a sync a person finished in
 * their worktree): append it to the audit log in one transaction, and push when a remote is set.
 *
 * @example
 * ```ts
 * const plan = planRecord({ policy, facts, event: { type: 'synced', requestIds: ['B'] }, command: 'continue' });
 * ```
 */
export function planRecord(options: PlanRecordOptions): Plan {
  const ctx = createPlanningContext(options);
  return {
    command: options.command,
    expected: { [AUDIT_LOG_REF]: ctx.logTip },
    steps: closingSteps({ ctx, records: [{ kind: 'record', event: options.event }], refs: [] }),
    notes: [],
  };
}
