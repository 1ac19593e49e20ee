import { StateError } from '../errors/index.js';
import type { AuditEventDraft } from '../model/audit-event.js';
import type { Environment } from '../model/environment.js';
import type { Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan, RecordStep } from './plan-step.js';
import type { PlanningContext } from './planning-context.js';
import { rebuildSteps, type RebuildEntry } from './rebuild-steps.js';

/** Options of {@link integrationPlan}. */
export interface IntegrationPlanOptions {
  ctx: PlanningContext;
  env: Environment;
  entries: readonly RebuildEntry[];
  command: string;
  /** Events to record when the rebuild changes something (in order). */
  events: readonly AuditEventDraft[];
  notes: readonly string[];
}

/**
 * The whole plan of a rebuild of one integration environment (used by `planRebuild`,
 * `planDemotion` and `planPromotion` into an integration environment). When the environment
 * already is exactly this build the plan has no steps and says so in its notes.
 *
 * @throws StateError when the base environment's branch does not exist.
 *
 * @example
 * ```ts
 * integrationPlan({ ctx, env: test, entries, command: 'demote B --from test', events: [], notes: [] });
 * ```
 */
export function integrationPlan(options: IntegrationPlanOptions): Plan {
  const { ctx, env, entries, command } = options;
  const envRef = ctx.envRef(env);
  const baseEnv = ctx.baseOf(env);
  if (ctx.state(baseEnv.name).tip === null) {
    throw new StateError(`${env.name} is built on ${baseEnv.name}, whose branch ${baseEnv.branch} does not exist; run \`relctl init\` first.`, {
      env: env.name,
      base: baseEnv.name,
    });
  }
  const expected: Record<string, Sha | null> = {
    [envRef]: ctx.state(env.name).tip,
    [ctx.envRef(baseEnv)]: ctx.state(baseEnv.name).tip,
  };
  for (const entry of entries) {
    const request = ctx.findRequest(entry.requestId);
    if (request !== undefined) expected[ctx.requestRef(request)] = request.head;
  }
  expected[AUDIT_LOG_REF] = ctx.logTip;

  const rebuild = rebuildSteps({ ctx, env, entries, baseMoves: false });
  const notes = [...options.notes];
  if (!rebuild.changed) {
    notes.push(`${env.name} (${env.branch}) is already up to date; nothing to do.`);
    return { command, expected, steps: [], notes };
  }
  if (rebuild.reused > 0) notes.push(`${env.name}: the first ${rebuild.reused} merge(s) are kept as they are.`);
  const records: RecordStep[] = options.events.map((event) => ({ kind: 'record', event }));
  return {
    command,
    expected,
    steps: [...rebuild.steps, ...closingSteps({ ctx, records, refs: [envRef] })],
    notes,
  };
}
