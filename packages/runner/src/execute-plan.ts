import type { Plan, PlanStep } from '@relctl/core';
import { assertNoUnfinishedRun } from './assert-no-unfinished-run.js';
import { driveRun, type RunResult } from './drive-run.js';
import type { RunOptions, RunPorts } from './run-context.js';
import type { RunState } from './run-state.js';
import type { RunStateStore } from './run-state-store.js';

/**
 * Options of {@link executePlan}.
 *
 * @example
 * ```ts
 * const input: ExecutePlanOptions = { plan, ports: { git, log }, options, store };
 * const { outcomes } = await executePlan(input);
 * ```
 */
export interface ExecutePlanOptions {
  plan: Plan;
  ports: RunPorts;
  options: RunOptions;
  store: RunStateStore;
  /** Human description of a step, for progress (e.g. core's `describePlanStep`). */
  describe?: (step: PlanStep) => string;
}

/**
 * Run a plan from its first step. Refuses while another run is unfinished (continue, skip or
 * undo it first), so two runs never interleave.
 *
 * @example
 * ```ts
 * const result = await executePlan({ plan, ports: { git, log }, options, store });
 * console.log(result.outcomes.join('\n'));
 * ```
 */
export async function executePlan(input: ExecutePlanOptions): Promise<RunResult> {
  await assertNoUnfinishedRun({ store: input.store });
  const startedAt = input.options.now();
  const state: RunState = {
    id: `${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    plan: input.plan,
    next: 0,
    working: {},
    createdRefs: [],
    syncConflicts: [],
    status: 'running',
    startedAt,
    actor: input.options.actor,
  };
  return driveRun({ state, ports: input.ports, runOptions: input.options, store: input.store, describe: input.describe ?? ((step) => step.kind) });
}
