import type { Approval, Facts } from '../model/facts.js';
import { assertRequestsOpen } from '../policy/assert-requests-open.js';
import { approverOf } from '../rules/approver-of.js';
import { identityMatches } from '../rules/identity-matches.js';
import type { Policy } from '../model/policy.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';

/**
 * Options of {@link planApproval}.
 *
 * @example
 * ```ts
 * const plan = planApproval({ policy, facts, requestId: 'A', env: 'prod', by: 'Kim <kim@example.com>', command: 'approve A --for prod' });
 * ```
 */
export interface PlanApprovalOptions {
  policy: Policy;
  facts: Facts;
  requestId: string;
  /** The environment the approval is for (usually the release environment). */
  env: string;
  /** `Name <email>` of the approver (kept in `data.by`; the event's actor is who ran the command). */
  by: string;
  command: string;
}

/**
 * Plan recording an approval of a request's current head for an environment: one `approved`
 * event (`sha` = the head now, so a later commit makes it stale), `update-refs` [log] and `push`.
 * When the same person already approved this head for this environment the plan has no steps.
 *
 * @throws NotFoundError when the request does not exist; UsageError when the environment is unknown.
 * @example
 * ```ts
 * const plan = planApproval({ policy, facts, requestId: 'A', env: 'prod', by: 'Kim <kim@example.com>', command: 'approve A --for prod' });
 * ```
 */
export function planApproval(options: PlanApprovalOptions): Plan {
  const ctx = createPlanningContext(options);
  const request = ctx.request(options.requestId);
  assertRequestsOpen({ policy: options.policy, facts: options.facts, requestIds: [request.id], action: 'approve' });
  const env = ctx.env(options.env);
  const expected = { [AUDIT_LOG_REF]: ctx.logTip };
  // Where signatures are required, only an approval that counts (signed by this approver) makes a new one redundant.
  const counts = (approval: Approval): boolean => {
    const who = approverOf({ env, by: approval.by, signature: approval.signature });
    return 'approver' in who && (env.requireSignatures !== true || identityMatches({ actor: who.approver, wanted: options.by }));
  };
  const already = ctx.facts.approvals.some(
    (approval) => approval.requestId === request.id && approval.env === env.name && approval.sha === request.head && approval.by === options.by && counts(approval),
  );
  if (already) {
    return {
      command: options.command,
      expected,
      steps: [],
      notes: [`${options.by} already approved ${request.id} at ${request.head.slice(0, 7)} for ${env.name}; nothing to do.`],
    };
  }
  return {
    command: options.command,
    expected,
    steps: closingSteps({
      ctx,
      records: [
        {
          kind: 'record',
          event: { type: 'approved', requestIds: [request.id], env: env.name, sha: request.head, data: { by: options.by } },
        },
      ],
      refs: [],
    }),
    notes: [],
  };
}
