import type { PushStep, PushUpdate } from '@relctl/core';
import { workingTip, type StepContext } from '../run-context.js';

/** `push`: push the moved refs atomically, each with a lease on the value fetched before planning. */
export async function runPush(context: StepContext, step: PushStep): Promise<string> {
  const { state, ports, options } = context;
  if (!ports.remote) throw new Error('This plan pushes but no remote port was given to the runner.');
  const refs = [...new Set([...step.refs, ...state.createdRefs])];
  const leases = options.leases ?? {};
  const updates: PushUpdate[] = refs
    .map((ref) => ({ ref, lease: ref in leases ? (leases[ref] ?? null) : (state.plan.expected[ref] ?? null), next: workingTip(state, ref) }))
    .filter((update) => update.lease !== update.next);
  if (updates.length === 0) return 'remote up to date';
  await ports.remote.push(step.remote, updates);
  return `pushed ${updates.length} ref(s) to ${step.remote}`;
}
