import { AUDIT_LOG_REF, RefRaceError, RelctlError, RemoteRaceError, StateError, type RefUpdate, type Sha } from '@relctl/core';
import { allAtNext } from './all-at-next.js';
import { pushResumable } from './push-resumable.js';
import type { RunOptions, RunPorts } from './run-context.js';
import type { RunState } from './run-state.js';
import type { RunStateStore } from './run-state-store.js';
import { transactionUpdates } from './transaction-updates.js';

/**
 * Options of {@link undoRun}.
 *
 * @example
 * ```ts
 * const undone = await undoRun({ ports, options, store, remote: 'origin' });
 * ```
 */
export interface UndoRunOptions {
  ports: RunPorts;
  options: RunOptions;
  store: RunStateStore;
  /** Push the restored refs to this remote (with leases on the values the run left). */
  remote?: string | null;
}

/**
 * What an undo did.
 *
 * @example
 * ```ts
 * const { command, restored }: UndoResult = await undoRun({ ports, options, store });
 * for (const r of restored) console.log(`${r.ref}: ${r.from} -> ${r.to}`);
 * ```
 */
export interface UndoResult {
  command: string;
  /** Refs moved back, with the value they had and now have again. */
  restored: Array<{ ref: string; from: Sha | null; to: Sha | null }>;
}

/**
 * Undo the unfinished run, or else the last finished one: every ref it moved goes back to where it
 * was, in one compare-and-swap transaction (refused if someone moved one of them since). The audit
 * log is append-only: instead of rewinding it, an `undone` event is added.
 *
 * With a remote the restored refs are pushed (the audit log with a lease on
 * `options.leases[refs/relctl/log]`, the remote's log as last fetched, when given); when that push
 * fails the local moves are taken back, so a failed undo changes nothing and appends nothing.
 *
 * After a crash: a ref transaction the crash interrupted is settled first (the git port finishes
 * or rolls it back), and a run that died inside its `update-refs` step whose transaction did
 * happen is undone like one that recorded it. Refs an interrupted push never reached the remote
 * with are already as they were there, and are not pushed.
 *
 * @example
 * ```ts
 * const { restored } = await undoRun({ ports, options, store });
 * ```
 */
export async function undoRun(input: UndoRunOptions): Promise<UndoResult> {
  const { store } = input;
  const current = await store.loadCurrent();
  const state = current ?? (await store.loadLast());
  if (!state) throw new StateError('There is nothing to undo: no run has been recorded in this repository yet.', {});
  await input.ports.git.updateRefs([], { message: `relctl: undo ${state.plan.command}` });
  if (current && !state.after) await adoptLandedTransaction(input.ports, state);
  const restored = state.after && state.before ? await restore(input, state) : [];
  if (current) await store.finishCurrent({ keep: false });
  else await store.clearLast();
  return { command: state.plan.command, restored };
}

async function restore(input: UndoRunOptions, state: RunState): Promise<UndoResult['restored']> {
  const { git, log } = input.ports;
  const before = state.before ?? {};
  const after = state.after ?? {};
  const updates: RefUpdate[] = Object.keys(after)
    .filter((ref) => ref !== AUDIT_LOG_REF)
    .map((ref) => ({ ref, expected: after[ref] ?? null, next: before[ref] ?? null }));
  const logTip = await git.readRef(AUDIT_LOG_REF);
  const undone = await log.append(logTip, [
    {
      type: 'undone',
      at: input.options.now(),
      actor: input.options.actor,
      data: { command: state.plan.command, runId: state.id, refs: updates.map((update) => update.ref) },
    },
  ]);
  updates.push({ ref: AUDIT_LOG_REF, expected: logTip, next: undone });
  try {
    await git.updateRefs(updates, { message: `relctl: undo ${state.plan.command}` });
  } catch (error) {
    if (error instanceof RefRaceError) {
      throw new RefRaceError(`Cannot undo "${state.plan.command}": ${error.message} Someone built on the result since; revert instead of undoing.`, error.data);
    }
    throw error;
  }
  if (input.remote && input.ports.remote) {
    const logBefore = before[AUDIT_LOG_REF] ?? null;
    // The remote's log as last fetched, when the caller knows it: the local log may hold events
    // not pushed yet (its tip is then no lease the remote would accept).
    const leases = input.options.leases ?? {};
    try {
      await pushResumable({
        remote: input.ports.remote,
        name: input.remote,
        // A ref the run never pushed is already back on the remote; the log may be there without the run's events.
        updates: updates.map((update) => ({
          ref: update.ref,
          lease: update.ref === AUDIT_LOG_REF && AUDIT_LOG_REF in leases ? (leases[AUDIT_LOG_REF] ?? null) : update.expected,
          next: update.next,
          ...(update.ref === AUDIT_LOG_REF ? { alsoFrom: [update.expected, ...(AUDIT_LOG_REF in before ? [logBefore] : [])] } : {}),
        })),
      });
    } catch (error) {
      // Not on the remote, so not here either: a failed undo moves nothing and appends nothing
      // (its "undone" event would otherwise be published by the next command that pushes).
      await git.updateRefs(
        updates.map((update) => ({ ref: update.ref, expected: update.next, next: update.expected })),
        { message: `relctl: undo of ${state.plan.command} not pushed; refs back as they were` },
      );
      throw notPushed(error, state.plan.command, input.remote);
    }
  }
  return updates.map((update) => ({ ref: update.ref, from: update.expected, to: update.next }));
}

/** The push of an undo failed and its local moves were taken back: say so, and what to do next. */
function notPushed(error: unknown, command: string, remote: string): unknown {
  if (!(error instanceof RelctlError)) return error;
  const reason = error.message
    .split('\n')[0]!
    .replace(/[;,]?\s*(—\s*)?(then )?(fetch and )?retry\.?\s*$/i, '')
    .replace(/[.\s]+$/, '');
  const next =
    error instanceof RemoteRaceError
      ? `run "relctl undo" again; if someone built on the result since, revert instead of undoing`
      : `run "relctl undo" again once ${remote} is reachable`;
  const Same = error.constructor as new (message: string, data: Record<string, unknown>) => RelctlError;
  return new Same(`Cannot undo "${command}": ${reason}; nothing changed here or on ${remote}: ${next}.`, { ...error.data, command });
}

/**
 * The run died inside its `update-refs` step, so its state does not say whether the transaction
 * happened. If every ref holds the run's value, it did: record `before`/`after` so it is undone.
 */
async function adoptLandedTransaction(ports: RunPorts, state: RunState): Promise<void> {
  const step = state.plan.steps[state.next];
  if (step?.kind !== 'update-refs') return;
  const updates = transactionUpdates({ state, step });
  if (updates.length === 0 || !(await allAtNext({ git: ports.git, updates, message: `relctl: undo ${state.plan.command}` }))) return;
  state.before = Object.fromEntries(updates.map((update) => [update.ref, update.expected]));
  state.after = Object.fromEntries(updates.map((update) => [update.ref, update.next]));
}
