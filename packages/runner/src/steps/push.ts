import type { PushStep, PushUpdate } from '@relctl/core';
import { pushResumable } from '../push-resumable.js';
import { workingTip, type StepContext } from '../run-context.js';

/**
 * `push`: push the moved refs atomically, each with a lease on the value fetched before planning.
 * Retried by `continue` (after a crash or a failed push), refs an interrupted attempt already
 * pushed count as pushed (see `pushResumable`).
 */
export async function runPush(context: StepContext, step: PushStep): Promise<string> {
  const { state, ports, options } = context;
  if (!ports.remote) throw new Error('This plan pushes but no remote port was given to the runner.');
  const refs = [...new Set([...step.refs, ...state.createdRefs])];
  const leases = options.leases ?? {};
  const updates: PushUpdate[] = refs
    .map((ref) => ({ ref, lease: ref in leases ? (leases[ref] ?? null) : (state.plan.expected[ref] ?? null), next: workingTip(state, ref) }))
    .filter((update) => update.lease !== update.next);
  if (updates.length === 0) return 'remote up to date';
  if (context.resumed) {
    const moved = await pushResumable({ remote: ports.remote, name: step.remote, updates });
    return moved === updates.length ? `pushed ${moved} ref(s) to ${step.remote}` : `pushed ${moved} ref(s) to ${step.remote} (${updates.length - moved} already there)`;
  }
  await ports.remote.push(step.remote, updates);
  return `pushed ${updates.length} ref(s) to ${step.remote}`;
}
