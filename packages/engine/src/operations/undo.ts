import { AUDIT_LOG_REF, type RefUpdate } from '@relctl/core';
import { readRawRef } from '@relctl/git';
import { previewUndo, undoRun, type UndoPreview, type UndoResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { refuseUndoOfPublishedRelease } from '../shared/refuse-undo-of-published-release.js';
import { remoteMoves } from '../shared/remote-moves.js';
import { runPorts } from '../shared/run-ports.js';

/**
 * Options of {@link undo}.
 *
 * @example
 * ```ts
 * const options: UndoOptions = { session, dryRun: true };
 * ```
 */
export interface UndoOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** Say which refs would go back; change nothing. */
  dryRun?: boolean;
}

/**
 * What {@link undo} did: the preview of a dry run, or the refs moved back.
 *
 * @example
 * ```ts
 * const done: UndoOutcome = await undo({ session });
 * if (!done.dryRun) console.log(done.result.restored);
 * ```
 */
export type UndoOutcome = { dryRun: true; preview: UndoPreview } | { dryRun: false; result: UndoResult };

/**
 * Undo the unfinished run, or the last finished one, as `relctl undo` does: every ref it moved
 * goes back where it was, the audit log gets an `undone` event on top of the remote's, and with a
 * remote the restored refs are pushed. A published release is refused (`StateError`); a failed
 * undo changes nothing.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   const done = await undo({ session });
 *   if (!done.dryRun) for (const r of done.result.restored) console.log(r.ref, r.from, '->', r.to);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function undo(options: UndoOptions): Promise<UndoOutcome> {
  const context = options.session;
  const dryRun = options.dryRun === true;
  const remote = context.remote ? context.policy.remote : null;
  // What the remote holds now: a published release is refused, and the "undone" event goes on top of the remote's log.
  if (remote && context.remote && !(dryRun && context.offline)) await context.remote.fetch(remote);
  await refuseUndoOfPublishedRelease(context, (await context.store.loadCurrent()) ?? (await context.store.loadLast()));
  if (dryRun) {
    const readRaw = async (ref: string) => {
      const raw = await readRawRef({ repo: context.repo, ref });
      return raw?.kind === 'direct' ? raw.sha : null;
    };
    return { dryRun: true, preview: await previewUndo({ git: context.git, store: context.store, remote, readRawRef: readRaw }) };
  }
  const logMove = remote ? await logFromRemote(context, remote) : null;
  const result = await undoRun({ ports: runPorts(context), options: context.runOptions, store: context.store, remote }).catch(async (error: unknown) => {
    // A failed undo changes nothing: the log goes back too.
    if (logMove) await context.git.updateRefs([{ ref: logMove.ref, expected: logMove.next, next: logMove.expected }], { message: 'relctl: undo failed; log back as it was' });
    throw error;
  });
  return { dryRun: false, result };
}

/**
 * Before an undo records its "undone" event: bring the local audit log up to the remote's (every
 * event of both kept, as every writing command does), and set the remote's log as the push lease.
 * Only the log: the refs the run moved are undone against the values the run left. Returns the
 * move made, for taking it back when the undo fails.
 */
async function logFromRemote(context: CliContext, remote: string): Promise<RefUpdate | null> {
  const { moves, leases } = await remoteMoves(context, remote, 'keep-ours');
  context.runOptions.leases = { [AUDIT_LOG_REF]: leases[AUDIT_LOG_REF] ?? null };
  const move = moves.find((candidate) => candidate.ref === AUDIT_LOG_REF) ?? null;
  if (move) await context.git.updateRefs([move], { message: `relctl: update from ${remote}` });
  return move;
}
