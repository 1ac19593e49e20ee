import { StateError } from '@relctl/core';
import type { RunPorts } from './run-context.js';
import type { RunStateStore } from './run-state-store.js';

/**
 * Options of {@link rollbackUnpublishedRun}.
 *
 * @example
 * ```ts
 * await rollbackUnpublishedRun({ ports: { git, log }, store });
 * ```
 */
export interface RollbackUnpublishedRunOptions {
  ports: RunPorts;
  store: RunStateStore;
}

/**
 * After a push lost a race, take the run's local ref moves back (audit log included: its events
 * never reached anyone) and drop the run, so the command can fetch, plan again and retry.
 * Unlike `undo`, it records nothing: as far as the team is concerned the run never happened.
 *
 * @example
 * ```ts
 * await rollbackUnpublishedRun({ ports, store });
 * ```
 */
export async function rollbackUnpublishedRun(options: RollbackUnpublishedRunOptions): Promise<void> {
  const state = await options.store.loadCurrent();
  if (!state) throw new StateError('There is no unfinished run to roll back.', {});
  const before = state.before ?? {};
  const after = state.after ?? {};
  const updates = Object.keys(after).map((ref) => ({ ref, expected: after[ref] ?? null, next: before[ref] ?? null }));
  if (updates.length > 0) await options.ports.git.updateRefs(updates, { message: `relctl: push of "${state.plan.command}" lost a race; retrying` });
  await options.store.finishCurrent({ keep: false });
}
