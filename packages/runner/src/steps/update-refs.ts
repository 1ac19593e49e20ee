import type { RefUpdate, UpdateRefsStep } from '@relctl/core';
import { workingTip, type StepContext } from '../run-context.js';

/** `update-refs`: the command's one compare-and-swap transaction. */
export async function runUpdateRefs(context: StepContext, step: UpdateRefsStep): Promise<string> {
  const { state } = context;
  const refs = [...new Set([...step.refs, ...state.createdRefs])];
  const updates: RefUpdate[] = refs
    .map((ref) => ({ ref, expected: state.plan.expected[ref] ?? null, next: workingTip(state, ref) }))
    .filter((update) => update.expected !== update.next);
  if (updates.length === 0) return 'nothing to move';
  await context.ports.git.updateRefs(updates, { message: `relctl: ${state.plan.command}` });
  state.before = Object.fromEntries(updates.map((update) => [update.ref, update.expected]));
  state.after = Object.fromEntries(updates.map((update) => [update.ref, update.next]));
  return `moved ${updates.map((update) => update.ref.replace(/^refs\/(heads|tags)\//, '')).join(', ')}`;
}
