import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan, PlanStep } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';

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
  /** Requests to sync, in this order; default: every open request (not in the release environment at its head), by id. */
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
  const prodRef = ctx.envRef(prod);
  const requests: Request[] =
    options.requestIds === undefined
      ? ctx.facts.requests
          .filter((request) => ctx.inRelease(request) === undefined)
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      : [...new Set(options.requestIds)].map((id) => ctx.request(id));
  const expected: Record<string, Sha | null> = { [prodRef]: ctx.state(prod.name).tip };
  if (requests.length === 0) {
    return { command: options.command, expected, steps: [], notes: ['No open requests to sync.'] };
  }
  const steps: PlanStep[] = [];
  for (const request of requests) {
    const ref = ctx.requestRef(request);
    expected[ref] = request.head;
    steps.push({ kind: 'sync', requestId: request.id, ref, from: prodRef });
  }
  expected[AUDIT_LOG_REF] = ctx.logTip;
  steps.push(
    ...closingSteps({
      ctx,
      records: [
        {
          kind: 'record',
          event: {
            type: 'synced',
            env: prod.name,
            requestIds: requests.map((request) => request.id),
            data: { from: prod.branch },
          },
        },
      ],
      refs: requests.map((request) => ctx.requestRef(request)),
    }),
  );
  return { command: options.command, expected, steps, notes: [] };
}
