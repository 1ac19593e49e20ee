import { StateError } from '../errors/index.js';
import { lifecycleFromEvents } from '../facts/lifecycle-from-events.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan } from './plan-step.js';
import type { Sha } from '../model/request.js';
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
 * environment: promote it again to test it. A request closed with `--delete-branch` (its branch
 * is gone) gets its branch back at the commit the `closed` event kept, in the same transaction
 * and push; the git port refuses when that commit is no longer in the repository.
 *
 * @throws NotFoundError when the request does not exist (no branch, and no closed record that
 *   deleted it); StateError when it is not closed, or its branch is gone but was not deleted by relctl.
 * @example
 * ```ts
 * const plan = planReopen({ policy, facts, requestId: 'B', command: 'request reopen B' });
 * describePlan(plan); // ['record reopened B', 'update refs in one transaction: refs/relctl/log', …]
 * ```
 */
export function planReopen(options: PlanReopenOptions): Plan {
  const { requestId: id, command } = options;
  const ctx = createPlanningContext(options);
  const closed = lifecycleFromEvents({ events: ctx.facts.events, releaseEnv: ctx.release.name }).get(id)?.closed;
  const request = ctx.findRequest(id);
  if (request === undefined && closed?.branchDeleted === true && closed.sha !== undefined) return restoringBranch(options, closed.sha);
  const head = (request ?? ctx.request(id)).head; // ctx.request throws: no such request
  if (closed === undefined) {
    throw new StateError(`Request ${id} is not closed; there is nothing to reopen (close it with "relctl request close ${id}").`, { requestId: id });
  }
  return {
    command,
    expected: { [AUDIT_LOG_REF]: ctx.logTip },
    steps: closingSteps({ ctx, records: [{ kind: 'record', event: { type: 'reopened', requestIds: [id], sha: head } }], refs: [] }),
    notes: [],
  };
}

/** Reopen a request whose branch `request close --delete-branch` deleted: recreate it at `sha`. */
function restoringBranch(options: PlanReopenOptions, sha: Sha): Plan {
  const { requestId: id, command } = options;
  const ctx = createPlanningContext(options);
  const ref = ctx.branchRef(`${ctx.policy.requestPrefix}${id}`);
  return {
    command,
    expected: { [AUDIT_LOG_REF]: ctx.logTip, [ref]: null },
    steps: [
      { kind: 'reset', ref, to: { sha } },
      ...closingSteps({ ctx, records: [{ kind: 'record', event: { type: 'reopened', requestIds: [id], sha, data: { branchRestored: true } } }], refs: [ref] }),
    ],
    notes: [`${ctx.policy.requestPrefix}${id} was deleted when ${id} was closed; it is created again at ${sha.slice(0, 7)}, its head then.`],
  };
}
