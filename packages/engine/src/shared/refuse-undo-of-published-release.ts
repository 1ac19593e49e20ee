import { StateError } from '@relctl/core';
import type { RunState } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { branchRef } from '../facts/gather-facts.js';

/**
 * Refuse to undo a run whose production branch move the team's remote already holds (its tip is
 * the run's commit or built on it). Published production history only moves forward: a release
 * others have fetched, tagged and perhaps deployed is taken out with `relctl revert <id>` (a new
 * patch release without it), never by moving the production branch back and deleting its tag.
 * A run whose push never reached the remote (its push failed) can still be undone. Reads the
 * remote-tracking refs of the last fetch; moves nothing. No remote: nothing is published, nothing refused.
 *
 * @example
 * ```ts
 * await context.remote.fetch('origin');
 * await refuseUndoOfPublishedRelease(context, state); // throws after "promote A --to prod" was pushed
 * ```
 */
export async function refuseUndoOfPublishedRelease(context: CliContext, state: RunState | null): Promise<void> {
  const name = context.policy.remote;
  const release = context.policy.environments.find((env) => env.kind === 'release');
  if (!name || !context.remote || !release || !state?.after || !state.before) return;
  const ref = branchRef(release.branch);
  const moved = state.after[ref];
  if (!moved || moved === state.before[ref]) return;
  const tracking = context.remote.trackingRef(name, ref);
  const there = tracking ? await context.git.readRef(tracking) : null;
  if (!there || (there !== moved && !(await context.git.isAncestor(moved, there)))) return;
  const released = state.plan.steps.flatMap((step) => (step.kind === 'record' && step.event.type === 'released' ? (step.event.requestIds ?? []) : []));
  const revert = released.length > 0 ? released.map((id) => `"relctl revert ${id} --reason …"`).join(', ') : '"relctl revert <id> --reason …"';
  throw new StateError(
    `cannot undo "${state.plan.command}": ${name} already holds its release on ${release.branch}, and published production history only moves forward; take a request out with ${revert} instead (a new patch release without it).`,
    { command: state.plan.command, runId: state.id, ref, published: there, requestIds: released },
  );
}
