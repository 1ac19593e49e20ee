import type { RefUpdate, UpdateRefsStep } from '@relctl/core';
import { workingTip } from './run-context.js';
import type { RunState } from './run-state.js';

/** Options of {@link transactionUpdates}. */
export interface TransactionUpdatesOptions {
  state: RunState;
  step: UpdateRefsStep;
}

/**
 * The ref moves of a run's `update-refs` step: each ref of the step (and each tag the run created)
 * from the value the plan expected to the run's working tip; refs that do not move are left out.
 *
 * @example
 * ```ts
 * const updates = transactionUpdates({ state, step }); // [{ ref: 'refs/heads/main', expected, next }, …]
 * ```
 */
export function transactionUpdates({ state, step }: TransactionUpdatesOptions): RefUpdate[] {
  const refs = [...new Set([...step.refs, ...state.createdRefs])];
  return refs.map((ref) => ({ ref, expected: state.plan.expected[ref] ?? null, next: workingTip(state, ref) })).filter((update) => update.expected !== update.next);
}
