import { UsageError } from '../errors/index.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import { integrationPlan } from './integration-plan.js';
import { ownValue } from './own-value.js';
import type { Plan } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';
import type { RebuildEntry } from './rebuild-steps.js';

/**
 * Options of {@link planRebuild}.
 *
 * @example
 * ```ts
 * planRebuild({ policy, facts, env: 'test', requestIds: ['B', 'D'], command: 'demote A --from test', event: { type: 'demoted', requestIds: ['A'] } });
 * ```
 */
export interface PlanRebuildOptions {
  policy: Policy;
  facts: Facts;
  /** Name of the integration environment to rebuild. */
  env: string;
  /** The requests the environment should hold, in merge order (duplicates are dropped). */
  requestIds: readonly string[];
  /** The command as typed, for the plan and the log. */
  command: string;
  /** The event to record; default `promoted` naming every request of the build. */
  event?: { type: 'promoted' | 'demoted'; requestIds: string[]; data?: Record<string, unknown> };
  /**
   * Merge these SHAs instead of the requests' current heads (e.g. keep what the environment
   * holds for a request whose branch moved). A request without a branch needs one here or must
   * be a member already (its held SHA is used).
   */
  shas?: Readonly<Record<string, Sha>>;
}

/**
 * Plan the rebuild of an integration environment: its base environment's working tip plus one
 * `--no-ff` merge per request in the given order (git.git's `seen` recipe). When the environment's
 * base is the base environment's tip and its first k members are the first k wanted (same id and
 * SHA), those merges are reused. When nothing would change, the plan has no steps and its notes
 * say "already up to date". Otherwise it ends with `record`, `update-refs` [env ref, log] and
 * `push` when the policy has a remote.
 *
 * @throws UsageError when `env` is unknown or not an integration environment.
 * @throws NotFoundError when a request does not exist (and is not held by the environment).
 * @example
 * ```ts
 * const plan = planRebuild({ policy, facts, env: 'test', requestIds: ['B', 'D'], command: 'rebuild test' });
 * describePlan(plan); // ['start env/test from main', 'merge req/B (…) into env/test', …]
 * ```
 */
export function planRebuild(options: PlanRebuildOptions): Plan {
  const ctx = createPlanningContext(options);
  const env = ctx.env(options.env);
  if (env.kind !== 'integration') {
    throw new UsageError(`${env.name} is a release environment and is never rebuilt; promote to it with \`relctl promote\`.`, { env: env.name });
  }
  const members = ctx.state(env.name).members;
  const entries: RebuildEntry[] = [];
  for (const id of new Set(options.requestIds)) {
    const request = ctx.findRequest(id);
    const member = members.find((item) => item.requestId === id);
    const sha = ownValue(options.shas, id) ?? request?.head ?? member?.sha ?? ctx.request(id).head;
    entries.push({ requestId: id, sha, title: request?.title ?? id });
  }
  const shas: Record<string, Sha> = {};
  for (const entry of entries) shas[entry.requestId] = entry.sha;
  const event = options.event ?? { type: 'promoted', requestIds: entries.map((entry) => entry.requestId) };
  return integrationPlan({
    ctx,
    env,
    entries,
    command: options.command,
    events: [{ type: event.type, env: env.name, requestIds: [...event.requestIds], data: event.data ?? { shas } }],
    notes: [],
  });
}
