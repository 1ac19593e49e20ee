import { StateError } from '@relctl/core';
import type { RunStateStore } from './run-state-store.js';

/**
 * Options of {@link assertNoUnfinishedRun}.
 *
 * @example
 * ```ts
 * await assertNoUnfinishedRun({ store });
 * ```
 */
export interface AssertNoUnfinishedRunOptions {
  store: RunStateStore;
}

/**
 * Refuse (a `StateError`, exit 2) while a run is unfinished: two runs must never interleave, and
 * a new command must not touch the refs the unfinished one moved (its `continue` and `undo` need
 * them as it left them). A command calls this before anything else that writes — before its
 * fetch brings local refs up to the remote's — so the refusal changes nothing.
 *
 * @example
 * ```ts
 * await assertNoUnfinishedRun({ store }); // throws while "promote A --to prod" is unfinished
 * ```
 */
export async function assertNoUnfinishedRun(options: AssertNoUnfinishedRunOptions): Promise<void> {
  const pending = await options.store.loadCurrent();
  if (!pending) return;
  throw new StateError(`An earlier run ("${pending.plan.command}") is unfinished; finish it with "relctl continue", "relctl skip" or "relctl undo" first.`, {
    runId: pending.id,
    command: pending.plan.command,
  });
}
