import { UsageError } from '../errors/index.js';
import type { AuditEventDraft } from '../model/audit-event.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import { integrationPlan } from './integration-plan.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';

/**
 * Options of {@link planDemotion}.
 *
 * @example
 * ```ts
 * const plan = planDemotion({ policy, facts, env: 'test', requestIds: ['B'], command: 'demote B --from test' });
 * ```
 */
export interface PlanDemotionOptions {
  policy: Policy;
  facts: Facts;
  /** The integration environment to take the requests out of. */
  env: string;
  requestIds: readonly string[];
  command: string;
  /** More events to record in the same transaction, after `demoted` (`request close` adds `closed`). */
  also?: readonly AuditEventDraft[];
}

/**
 * Plan taking requests out of an integration environment: a rebuild with the remaining members
 * at the SHAs the environment holds now (their merges are reused up to the first one removed),
 * recording a `demoted` event.
 *
 * @throws UsageError for the release environment (production only moves forward), an unknown
 *   environment, an empty list, or a request the environment does not hold.
 * @example
 * ```ts
 * const plan = planDemotion({ policy, facts, env: 'test', requestIds: ['B'], command: 'demote B --from test' });
 * ```
 */
export function planDemotion(options: PlanDemotionOptions): Plan {
  const ctx = createPlanningContext(options);
  const env = ctx.env(options.env);
  if (env.kind === 'release') {
    throw new UsageError(`${env.name} is the release environment: production only moves forward; use \`relctl revert\` to undo a request there.`, { env: env.name });
  }
  const ids = [...new Set(options.requestIds)];
  if (ids.length === 0) {
    throw new UsageError(`Name at least one request to demote from ${env.name}.`, { env: env.name });
  }
  const members = ctx.state(env.name).members;
  const removed: Record<string, Sha> = {};
  for (const id of ids) {
    const member = members.find((item) => item.requestId === id);
    if (member === undefined) {
      throw new UsageError(`Request "${id}" is not in ${env.name}; see \`relctl status\` for what it holds.`, {
        env: env.name,
        requestId: id,
      });
    }
    removed[id] = member.sha;
  }
  const entries = members
    .filter((member) => !ids.includes(member.requestId))
    .map((member) => ({
      requestId: member.requestId,
      sha: member.sha,
      title: ctx.findRequest(member.requestId)?.title ?? member.requestId,
    }));
  return integrationPlan({
    ctx,
    env,
    entries,
    command: options.command,
    events: [{ type: 'demoted', env: env.name, requestIds: ids, data: { shas: removed } }, ...(options.also ?? [])],
    notes: [],
  });
}
