import { RefRaceError, type UpdateRefsStep } from '@relctl/core';
import { allAtNext } from '../all-at-next.js';
import type { StepContext } from '../run-context.js';
import { transactionUpdates } from '../transaction-updates.js';

/**
 * `update-refs`: the command's one compare-and-swap transaction. Retried by `continue` after a
 * crash, it may find the transaction already done (the process died after it, before the run
 * state was saved, or the git port finished the interrupted transaction from its journal): when
 * every ref already holds this run's value, that is success, not a race.
 */
export async function runUpdateRefs(context: StepContext, step: UpdateRefsStep): Promise<string> {
  const { state } = context;
  const updates = transactionUpdates({ state, step });
  if (updates.length === 0) return 'nothing to move';
  const message = `relctl: ${state.plan.command}`;
  try {
    await context.ports.git.updateRefs(updates, { message });
  } catch (error) {
    if (!(error instanceof RefRaceError) || !(await allAtNext({ git: context.ports.git, updates, message }))) throw error;
  }
  state.before = Object.fromEntries(updates.map((update) => [update.ref, update.expected]));
  state.after = Object.fromEntries(updates.map((update) => [update.ref, update.next]));
  return `moved ${updates.map((update) => update.ref.replace(/^refs\/(heads|tags)\//, '')).join(', ')}`;
}
