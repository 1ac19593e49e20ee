import type { Environment } from '../model/environment.js';
import type { EnvironmentState } from '../model/facts.js';
import type { Sha } from '../model/request.js';
import type { PlanStep, RecordStep } from './plan-step.js';
import type { PlanningContext } from './planning-context.js';
import { rebuildSteps, type RebuildEntry } from './rebuild-steps.js';

/** What one integration environment holds after its base moved. */
export interface DownstreamEntries {
  entries: RebuildEntry[];
  /** Requests it drops (they shipped). */
  removed: string[];
}

/** Options of {@link rebuildDownstream}. */
export interface RebuildDownstreamOptions {
  ctx: PlanningContext;
  /** The environment that moved (the release environment). */
  from: Environment;
  /** The requests an integration environment holds after the move, in merge order. */
  entriesFor: (env: Environment, state: EnvironmentState) => DownstreamEntries;
  /** Whether an earlier step moves the base (see {@link rebuildSteps}). */
  baseMoves: boolean;
  /** Filled in: one note per environment not rebuilt. */
  notes: string[];
  /** Filled in: the expected value of each rebuilt environment's branch. */
  expected: Record<string, Sha | null>;
}

/** The rebuild steps of every environment downstream of the one that moved, and their events. */
export interface DownstreamRebuild {
  steps: PlanStep[];
  rebuilt: Environment[];
  /** One `promoted` event (`data.rebuild: true`) per rebuilt environment. */
  records: RecordStep[];
}

/**
 * Rebuild every integration environment built on `from`, then those built on them, and so on
 * (environments chain through their `base`): the shared tail of a production promotion, an
 * after-merge and a revert. An environment whose branch does not exist yet is noted, not created.
 *
 * @example
 * ```ts
 * const { steps, rebuilt, records } = rebuildDownstream({ ctx, from: ctx.release, entriesFor, baseMoves: true, notes, expected });
 * ```
 */
export function rebuildDownstream(options: RebuildDownstreamOptions): DownstreamRebuild {
  const { ctx, from, entriesFor, baseMoves, notes, expected } = options;
  const steps: PlanStep[] = [];
  const rebuilt: Environment[] = [];
  const records: RecordStep[] = [];
  const moved = new Set([from.name]);
  const visited = new Set([from.name]);
  let progress = true;
  while (progress) {
    progress = false;
    for (const env of ctx.policy.environments) {
      if (env.kind !== 'integration' || visited.has(env.name) || !moved.has(ctx.baseOf(env).name)) continue;
      progress = true;
      visited.add(env.name);
      const state = ctx.state(env.name);
      if (state.tip === null) {
        notes.push(`${env.name} (${env.branch}) does not exist yet; not rebuilt.`);
        continue;
      }
      const { entries, removed } = entriesFor(env, state);
      moved.add(env.name);
      expected[ctx.envRef(env)] = state.tip;
      steps.push(...rebuildSteps({ ctx, env, entries, baseMoves }).steps);
      rebuilt.push(env);
      records.push({
        kind: 'record',
        event: {
          type: 'promoted',
          env: env.name,
          requestIds: entries.map((entry) => entry.requestId),
          data: { rebuild: true, base: ctx.baseOf(env).name, removed },
        },
      });
    }
  }
  return { steps, rebuilt, records };
}
