import { StateError } from '../errors/index.js';
import { lifecycleFromEvents } from '../facts/lifecycle-from-events.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';

/**
 * Options of {@link planReopen}.
 *
 * @example
 * ```ts
 * const plan = planReopen({ policy, facts, requestId: 'B', command: 'request reopen B' });
 * ```
 */
export interface PlanReopenOptions {
  policy: Policy;
  facts: Facts;
  requestId: string;
  command: string;
}

/**
 * Plan reopening a closed request: one `reopened` event. It comes back as it is, on no
 * environment: promote it again to test it.
 *
 * @throws NotFoundError when the request does not exist; StateError when it is not closed.
 * @example
 * ```ts
 * const plan = planReopen({ policy, facts, requestId: 'B', command: 'request reopen B' });
 * describePlan(plan); // ['record reopened B', 'update refs in one transaction: refs/relctl/log', …]
 * ```
 */
export function planReopen(options: PlanReopenOptions): Plan {
  const { requestId: id, command } = options;
  const ctx = createPlanningContext(options);
  const request = ctx.request(id);
  if (lifecycleFromEvents({ events: ctx.facts.events, releaseEnv: ctx.release.name }).get(id)?.closed === undefined) {
    throw new StateError(`Request ${id} is not closed; there is nothing to reopen (close it with "relctl request close ${id}").`, { requestId: id });
  }
  return {
    command,
    expected: { [AUDIT_LOG_REF]: ctx.logTip },
    steps: closingSteps({ ctx, records: [{ kind: 'record', event: { type: 'reopened', requestIds: [id], sha: request.head } }], refs: [] }),
    notes: [],
  };
}
