import { StateError } from '../errors/index.js';
import { lifecycleFromEvents } from '../facts/lifecycle-from-events.js';
import type { AuditEventDraft } from '../model/audit-event.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import { planDemotion } from './plan-demotion.js';
import type { Plan, PlanStep, RecordStep } from './plan-step.js';
import type { PlanningContext } from './planning-context.js';
import type { Sha } from '../model/request.js';
import { createPlanningContext } from './planning-context.js';

/**
 * Options of {@link planClose}.
 *
 * @example
 * ```ts
 * const plan = planClose({ policy, facts, requestId: 'B', reason: 'the customer withdrew it', command: 'request close B' });
 * ```
 */
export interface PlanCloseOptions {
  policy: Policy;
  facts: Facts;
  requestId: string;
  /** Why (recorded on the `closed` event). */
  reason?: string;
  /** Also delete the request branch (locally and, through the push, on the remote). */
  deleteBranch?: boolean;
  command: string;
}

/**
 * Plan closing a request: it is taken off the integration environment that holds it (the
 * demotion `relctl demote` plans: a rebuild without it) and a `closed` event is recorded in the
 * same transaction. The branch stays unless `deleteBranch`: then it is deleted in that same
 * transaction (and push), and the `closed` event keeps its last commit (`sha`, `data.branchDeleted`)
 * so `request reopen` can bring it back. A request no environment holds is only recorded closed.
 *
 * @throws NotFoundError when the request does not exist.
 * Held by several integration environments, it leaves all of them in that one transaction.
 *
 * @throws StateError when it is already closed, shipped to production (and not reverted), or held
 *   by an integration environment built on another one that holds it (demote it from that one first).
 * @example
 * ```ts
 * const plan = planClose({ policy, facts, requestId: 'B', command: 'request close B' });
 * describePlan(plan); // ['start env/test from main', …, 'record demoted B (test)', 'record closed B', …]
 * ```
 */
export function planClose(options: PlanCloseOptions): Plan {
  const { requestId: id, command } = options;
  const ctx = createPlanningContext(options);
  const request = ctx.request(id);
  const life = lifecycleFromEvents({ events: ctx.facts.events, releaseEnv: ctx.release.name }).get(id);
  if (life?.closed !== undefined) {
    throw new StateError(`Request ${id} is already closed; reopen it with "relctl request reopen ${id}".`, { requestId: id });
  }
  if (ctx.inRelease(request) !== undefined && life?.reverted === undefined) {
    throw new StateError(
      `Request ${id} has shipped to ${ctx.release.name}; a shipped request is not closed but reverted ("relctl revert ${id}"), and it leaves "relctl status" on its own.`,
      { requestId: id, env: ctx.release.name },
    );
  }
  const reason = options.reason?.replace(/\s+/g, ' ').trim();
  const deleteBranch = options.deleteBranch === true;
  const closed: AuditEventDraft = {
    type: 'closed',
    requestIds: [id],
    sha: request.head,
    ...(reason ? { reason } : {}),
    ...(deleteBranch ? { data: { branchDeleted: true } } : {}),
  };
  const holding = ctx.policy.environments.filter((env) => env.kind === 'integration' && ctx.state(env.name).members.some((member) => member.requestId === id));
  const [only, ...others] = holding;
  const finish = (plan: Plan): Plan => (deleteBranch ? deletingBranch(plan, ctx.requestRef(request), request.head) : plan);
  if (only === undefined) {
    return finish({
      command,
      expected: { [AUDIT_LOG_REF]: ctx.logTip },
      steps: closingSteps({ ctx, records: [{ kind: 'record', event: closed }], refs: [] }),
      notes: [],
    });
  }
  // Each environment is rebuilt from its base as it is now: one built on another holding
  // environment would keep the request through that base, so that case stays refused.
  const names = holding.map((env) => env.name);
  const chained = holding.find((env) => env.base !== undefined && names.includes(env.base));
  if (chained !== undefined) {
    throw new StateError(
      `Request ${id} is in ${names.join(' and ')}, and ${chained.name} is built on ${chained.base}; take it off ${chained.name} first ("relctl demote ${id} --from ${chained.name}"), then close it.`,
      { requestId: id, envs: names },
    );
  }
  const demotions = holding.map((env, index) =>
    planDemotion({ policy: options.policy, facts: options.facts, env: env.name, requestIds: [id], command, also: index === others.length ? [closed] : [] }),
  );
  return finish(oneTransaction(ctx, command, demotions));
}

/** Several plans' work steps, then all their records, in one transaction and one push. */
function oneTransaction(ctx: PlanningContext, command: string, plans: readonly Plan[]): Plan {
  if (plans.length === 1) return plans[0]!;
  const closing = new Set<PlanStep['kind']>(['record', 'update-refs', 'push']);
  const work = plans.flatMap((plan) => plan.steps.filter((step) => !closing.has(step.kind)));
  const records = plans.flatMap((plan) => plan.steps.filter((step): step is RecordStep => step.kind === 'record'));
  const refs = plans.flatMap((plan) => plan.steps.flatMap((step) => (step.kind === 'update-refs' ? step.refs.filter((ref) => ref !== AUDIT_LOG_REF) : [])));
  return {
    command,
    expected: Object.assign({}, ...plans.map((plan) => plan.expected)) as Plan['expected'],
    steps: [...work, ...closingSteps({ ctx, records, refs })],
    notes: plans.flatMap((plan) => plan.notes),
  };
}

/** `plan` plus deleting `ref` (at `head` when planned) before its records, in its transaction and push. */
function deletingBranch(plan: Plan, ref: string, head: Sha): Plan {
  const at = plan.steps.findIndex((step) => step.kind === 'record');
  const steps: PlanStep[] = [...plan.steps.slice(0, at), { kind: 'delete-ref', ref }, ...plan.steps.slice(at)];
  return {
    ...plan,
    expected: { ...plan.expected, [ref]: head },
    steps: steps.map((step) => (step.kind === 'update-refs' || step.kind === 'push' ? { ...step, refs: [...new Set([ref, ...step.refs])] } : step)),
  };
}
