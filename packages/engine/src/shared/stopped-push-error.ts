import { ExitCode, RelctlError, RemoteRaceError, StateError } from '@relctl/core';
import type { RunState } from '@relctl/runner';

/**
 * The error to show when a run stopped at its `push` step for another reason than a lost race
 * (no network, a remote that does not answer, credentials): the refs moved here, the run is saved,
 * and the person needs to know that and what to run next — `relctl continue` once the remote
 * answers, or `relctl undo`. Keeps the error's class and exit code (an unexpected git
 * failure becomes a `StateError`, exit 2: the cause is outside relctl). Any other error is
 * returned as it is.
 *
 * @example
 * ```ts
 * throw stoppedPushError(error, await context.store.loadCurrent(), 'origin');
 * ```
 */
export function stoppedPushError(error: unknown, state: RunState | null, remote: string): unknown {
  const step = state?.stop ? state.plan.steps[state.stop.step] : undefined;
  if (step?.kind !== 'push' || state?.after === undefined || error instanceof RemoteRaceError) return error;
  const reason = (error instanceof Error ? error.message : String(error))
    .split('\n')[0]!
    .replace(/[,;]?\s*(then )?(fetch and )?retry\.?\s*$/i, '')
    .replace(/[.\s]+$/, '');
  const message = `${reason}. The refs moved here but not on ${remote}, and the run is saved: run "relctl continue" once ${remote} is reachable (or "relctl undo" to take the run back).`;
  const data = { ...(error instanceof RelctlError ? error.data : {}), runId: state.id, command: state.plan.command, resumable: true };
  if (error instanceof RelctlError && error.exitCode !== ExitCode.unexpected) {
    const Same = error.constructor as new (message: string, data: Record<string, unknown>) => RelctlError;
    return new Same(message, data);
  }
  return new StateError(message, data);
}
