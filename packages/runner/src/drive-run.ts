import { MergeConflictError, RelctlError, storageCauseOf, toStorageError, type PlanStep } from '@relctl/core';
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
 * keeps the state so `continue` can retry (e.g. the push) or `undo` can move refs back. A write
 * that fails on a full, size-limited, read-only or failing disk is reported as a `StorageError`
 * naming the cause, the file and the next step (`relctl continue` when refs moved).
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
  try {
    await store.saveCurrent(state);
  } catch (error) {
    // Not even the run state could be written: nothing ran (a resumed run keeps its older state).
    throw storageFailure(error, options.resumed === true) ?? error;
  }
  for (let index = state.next; index < steps.length; index += 1) {
    const step = steps[index] as PlanStep;
    let outcome: string;
    try {
      outcome = await runStep(context, step);
    } catch (error) {
      throw await stopRun(state, store, index, error);
    }
    state.next = index + 1;
    try {
      await store.saveCurrent(state);
    } catch (error) {
      // The saved state still names this step: `continue` runs it again, and every step is
      // idempotent on retry (the transaction finds its refs already moved).
      throw storageFailure(error, true) ?? error;
    }
    outcomes.push(outcome);
    options.runOptions.onProgress?.({ index, total: steps.length, description: options.describe(step), outcome });
  }
  state.status = 'done';
  try {
    await store.saveCurrent(state);
    await store.finishCurrent({ keep: true });
  } catch (error) {
    throw storageFailure(error, true) ?? error;
  }
  return { state, outcomes };
}

/**
 * A write that failed on a full, size-limited, read-only or failing disk, as the error to show:
 * its cause, its file and the next step (`relctl continue` when the run is kept), never "a bug".
 */
function storageFailure(error: unknown, kept: boolean): RelctlError | null {
  return toStorageError(error, { refsMoved: kept });
}

/** Mark the run stopped (or drop it when nothing moved); returns the error to throw. */
async function stopRun(state: RunState, store: RunStateStore, step: number, error: unknown): Promise<unknown> {
  const refsMoved = state.after !== undefined || movedRefs(error);
  const resumable = error instanceof MergeConflictError || refsMoved;
  const storage = storageCauseOf(error) !== null;
  try {
    if (!resumable) {
      await store.finishCurrent({ keep: false });
      return storage ? (storageFailure(error, false) ?? error) : error;
    }
    state.status = 'stopped';
    state.stop = {
      step,
      code: error instanceof RelctlError ? error.code : 'Error',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof MergeConflictError ? { conflicts: (error.data as { conflicts?: [] }).conflicts ?? [] } : {}),
    };
    await store.saveCurrent(state);
  } catch (saving) {
    // The disk is full for the run state too: the state saved before this step is still there
    // (or, when dropping it failed, still names this step), and `continue` retries from it.
    if (storageCauseOf(saving) === null) throw saving;
    return storageFailure(storage ? error : saving, true) ?? error;
  }
  return storage ? (storageFailure(error, refsMoved) ?? error) : error;
}

/** Whether a step's error says refs moved before it stopped (a committed transaction that did not finish). */
function movedRefs(error: unknown): boolean {
  return error instanceof RelctlError && (error.data as { refsMoved?: unknown }).refsMoved === true;
}
