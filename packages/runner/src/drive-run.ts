import { MergeConflictError, RelctlError, type PlanStep } from '@relctl/core';
import type { RunOptions, RunPorts, StepContext } from './run-context.js';
import type { RunState } from './run-state.js';
import type { RunStateStore } from './run-state-store.js';
import { runStep } from './steps/run-step.js';

/**
 * Result of a run that got to its end.
 *
 * @example
 * ```ts
 * const result: RunResult = await executePlan({ plan, ports, options, store });
 * console.log(result.state.status, result.outcomes.join('\n'));
 * ```
 */
export interface RunResult {
  state: RunState;
  /** One line per executed step: what it did. */
  outcomes: string[];
}

/**
 * Execute the remaining steps of a run, saving the state after every step. On a failure the run
 * is marked stopped: a conflict keeps its state for `continue`/`skip`/`undo`; a failure before
 * the ref transaction that cannot be continued drops the state (nothing moved); a failure after it
 * keeps the state so `continue` can retry (e.g. the push) or `undo` can move refs back.
 */
export async function driveRun(options: {
  state: RunState;
  ports: RunPorts;
  runOptions: RunOptions;
  store: RunStateStore;
  describe: (step: PlanStep) => string;
  /** Continuing a stopped or crashed run. */
  resumed?: boolean;
}): Promise<RunResult> {
  const { state, store } = options;
  const context: StepContext = { ports: options.ports, options: options.runOptions, state, resumed: options.resumed === true };
  const steps = state.plan.steps;
  const outcomes: string[] = [];
  state.status = 'running';
  delete state.stop;
  await store.saveCurrent(state);
  for (let index = state.next; index < steps.length; index += 1) {
    const step = steps[index] as PlanStep;
    let outcome: string;
    try {
      outcome = await runStep(context, step);
    } catch (error) {
      await stopRun(state, store, index, error);
      throw error;
    }
    state.next = index + 1;
    await store.saveCurrent(state);
    outcomes.push(outcome);
    options.runOptions.onProgress?.({ index, total: steps.length, description: options.describe(step), outcome });
  }
  state.status = 'done';
  await store.saveCurrent(state);
  await store.finishCurrent({ keep: true });
  return { state, outcomes };
}

async function stopRun(state: RunState, store: RunStateStore, step: number, error: unknown): Promise<void> {
  const resumable = error instanceof MergeConflictError || state.after !== undefined;
  if (!resumable) {
    await store.finishCurrent({ keep: false });
    return;
  }
  state.status = 'stopped';
  state.stop = {
    step,
    code: error instanceof RelctlError ? error.code : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof MergeConflictError ? { conflicts: (error.data as { conflicts?: [] }).conflicts ?? [] } : {}),
  };
  await store.saveCurrent(state);
}
