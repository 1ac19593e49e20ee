import { StateError, type MergeStep, type PlanStep, type Sha } from '@relctl/core';
import type { RunState } from './run-state.js';
import { driveRun, type RunResult } from './drive-run.js';
import type { RunOptions, RunPorts } from './run-context.js';
import type { RunStateStore } from './run-state-store.js';

/**
 * Options of {@link continueRun}.
 *
 * @example
 * ```ts
 * await continueRun({ ports, options, store, skip: true });
 * ```
 */
export interface ContinueRunOptions {
  ports: RunPorts;
  options: RunOptions;
  store: RunStateStore;
  /** Skip the step the run stopped at instead of retrying it. */
  skip?: boolean;
  /**
   * The current head of a request, read again before a merge that stopped on a conflict is
   * retried: a person may have fixed the conflict on the request branch meanwhile.
   */
  currentHead?: (requestId: string) => Promise<Sha | null>;
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
  if (!input.skip && input.currentHead) await refreshStoppedMerge(state, input.currentHead);
  if (input.skip) {
    const step = state.plan.steps[state.next];
    if (step?.kind === 'update-refs') {
      throw new StateError('The ref transaction cannot be skipped; run "relctl continue" or "relctl undo".', { step: state.next });
    }
    if (step?.kind === 'merge') leaveOutSkippedMerge(state, step);
    state.next += 1;
  }
  return driveRun({ state, ports: input.ports, runOptions: input.options, store: input.store, describe: input.describe ?? ((step) => step.kind), resumed: true });
}

/**
 * Point the stopped merge at the request's current head. When the merge reads the head from a
 * request ref this run has not moved, the plan's expectation of that ref follows too, so the
 * transaction does not mistake the person's fix for a race.
 */
async function refreshStoppedMerge(state: RunState, currentHead: (requestId: string) => Promise<Sha | null>): Promise<void> {
  const step = state.plan.steps[state.next];
  if (state.stop?.code !== 'MergeConflictError' || step?.kind !== 'merge') return;
  const head = await currentHead(step.requestId);
  if (!head || head === step.sha) return;
  step.sha = head;
  if (step.headRef && !(step.headRef in state.working)) state.plan.expected[step.headRef] = head;
}

/**
 * Skipping a stopped merge leaves the request out of that environment, and the log must say so
 * (its `promoted` event would name it otherwise). Into the release environment that is refused:
 * the release would carry the request's notes without its code.
 */
function leaveOutSkippedMerge(state: RunState, step: MergeStep): void {
  if (state.plan.steps.some((candidate) => candidate.kind === 'release' && candidate.env === step.env)) {
    throw new StateError(
      `The merge of ${step.requestId} into ${step.env} cannot be skipped: the release would carry its changeset without its code; run "relctl undo", then promote without ${step.requestId}.`,
      { step: state.next, requestId: step.requestId },
    );
  }
  const conflicts = state.stop?.conflicts ?? [];
  state.leftOut = [...(state.leftOut ?? []), { requestId: step.requestId, env: step.env, ref: step.ref, conflicts, skipped: true }];
}
