import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan, PlanStep } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';
import { openAfterRelease, syncRequests } from './sync-and-rebuild.js';

/**
 * Options of {@link planSync}.
 *
 * @example
 * ```ts
 * const plan = planSync({ policy, facts, requestIds: ['B'], command: 'sync B' });
 * ```
 */
export interface PlanSyncOptions {
  policy: Policy;
  facts: Facts;
  /** Requests to sync, in this order; default: every open request (not in the release environment at its head, not closed), by id. */
  requestIds?: readonly string[];
  command: string;
}

/**
 * Plan bringing the release branch into request branches: one `sync` step per request (a merge of
 * the release branch's tip into the request branch, nothing when already contained), a `synced`
 * event, one `update-refs` over the request refs and the log, and `push` with a remote.
 * With nothing to sync the plan has no steps.
 *
 * @throws NotFoundError when a named request does not exist.
 * @example
 * ```ts
 * const plan = planSync({ policy, facts, command: 'sync' }); // every open request
 * ```
 */
export function planSync(options: PlanSyncOptions): Plan {
  const ctx = createPlanningContext(options);
  const prod = ctx.release;
  const requests: Request[] = options.requestIds === undefined ? openAfterRelease(ctx) : [...new Set(options.requestIds)].map((id) => ctx.request(id));
  const expected: Record<string, Sha | null> = { [ctx.envRef(prod)]: ctx.state(prod.name).tip };
  if (requests.length === 0) {
    return { command: options.command, expected, steps: [], notes: ['No open requests to sync.'] };
  }
  const synced = syncRequests({ ctx, requests, expected });
  expected[AUDIT_LOG_REF] = ctx.logTip;
  const steps: PlanStep[] = [...synced.steps, ...closingSteps({ ctx, records: synced.record === null ? [] : [synced.record], refs: synced.refs })];
  return { command: options.command, expected, steps, notes: [] };
}
