import { StateError, type PlanStep } from '@relctl/core';
import { driveRun, type RunResult } from './drive-run.js';
import type { RunOptions, RunPorts } from './run-context.js';
import type { RunStateStore } from './run-state-store.js';

/** Options of {@link continueRun}. */
export interface ContinueRunOptions {
  ports: RunPorts;
  options: RunOptions;
  store: RunStateStore;
  /** Skip the step the run stopped at instead of retrying it. */
  skip?: boolean;
  describe?: (step: PlanStep) => string;
}

/**
 * Finish an unfinished run: retry the step it stopped at (after a person fixed the cause), or
 * skip it (`skip: true`), then run the rest.
 *
 * @example
 * ```ts
 * await continueRun({ ports, options, store });
 * ```
 */
export async function continueRun(input: ContinueRunOptions): Promise<RunResult> {
  const state = await input.store.loadCurrent();
  if (!state) throw new StateError('There is no unfinished run to continue; see "relctl log" for what happened last.', {});
  if (input.skip) {
    const step = state.plan.steps[state.next];
    if (step?.kind === 'update-refs') {
      throw new StateError('The ref transaction cannot be skipped; run "relctl continue" or "relctl undo".', { step: state.next });
    }
    state.next += 1;
  }
  return driveRun({ state, ports: input.ports, runOptions: input.options, store: input.store, describe: input.describe ?? ((step) => step.kind) });
}
