import { RefRaceError, RelctlError, type UpdateRefsStep } from '@relctl/core';
import { allAtNext } from '../all-at-next.js';
import type { StepContext } from '../run-context.js';
import { transactionUpdates } from '../transaction-updates.js';

/**
 * `update-refs`: the command's one compare-and-swap transaction. Retried by `continue` after a
 * crash, it may find the transaction already done (the process died after it, before the run
 * state was saved, or the git port finished the interrupted transaction from its journal): when
 * every ref already holds this run's value, that is success, not a race. A transaction that
 * committed but stopped (an error with `data.refsMoved`) still records the move, so the run is
 * kept.
 */
export async function runUpdateRefs(context: StepContext, step: UpdateRefsStep): Promise<string> {
  const { state } = context;
  const updates = transactionUpdates({ state, step });
  if (updates.length === 0) return 'nothing to move';
  const message = `relctl: ${state.plan.command}`;
  const moved = () => {
    state.before = Object.fromEntries(updates.map((update) => [update.ref, update.expected]));
    state.after = Object.fromEntries(updates.map((update) => [update.ref, update.next]));
  };
  try {
    await context.ports.git.updateRefs(updates, { message });
  } catch (error) {
    // Committed but not finished (a full disk while the checkout was brought along): the refs
    // moved, so the run is kept for `continue` (which finishes the transaction) or `undo`.
    if (error instanceof RelctlError && (error.data as { refsMoved?: unknown }).refsMoved === true) moved();
    if (!(error instanceof RefRaceError) || !(await allAtNext({ git: context.ports.git, updates, message }))) throw error;
  }
  moved();
  return `moved ${updates.map((update) => update.ref.replace(/^refs\/(heads|tags)\//, '')).join(', ')}`;
}
