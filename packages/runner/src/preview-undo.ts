import { AUDIT_LOG_REF, RefRaceError, StateError, type GitPort, type Sha } from '@relctl/core';
import type { RunStateStore } from './run-state-store.js';
import { transactionUpdates } from './transaction-updates.js';

/**
 * Options of {@link previewUndo}.
 *
 * @example
 * ```ts
 * const preview = await previewUndo({ git, store, remote: 'origin' });
 * ```
 */
export interface PreviewUndoOptions {
  git: GitPort;
  store: RunStateStore;
  /** The remote `undoRun` would push the restored refs to (`null`: none). */
  remote?: string | null;
  /**
   * A ref's stored value, not peeled (an annotated tag's own id), as the undo's compare-and-swap
   * sees it. Without it refs are read with `git.readRef`, which peels tags: a tag the run created
   * is then not compared.
   */
  readRawRef?: (ref: string) => Promise<Sha | null>;
}

/**
 * What `undoRun` would do now, found without changing anything.
 *
 * @example
 * ```ts
 * const { command, restored, push }: UndoPreview = await previewUndo({ git, store });
 * ```
 */
export interface UndoPreview {
  /** The command of the run it would take back. */
  command: string;
  /** `true`: the unfinished run; `false`: the last finished one. */
  unfinished: boolean;
  /** Refs it would move back (the audit log is not rewound: it gets an `undone` event). */
  restored: Array<{ ref: string; from: Sha | null; to: Sha | null }>;
  /** The audit log tip the `undone` event would be appended to; `null` when nothing would move. */
  logTip: Sha | null;
  /** The remote it would push the restored refs and the log to, if any. */
  push: string | null;
}

/**
 * The undo `undoRun` would carry out, read from the same run state and refs, for `relctl undo
 * --dry-run`: which run, which refs go back from where to where, the `undone` event and the push.
 * Refused as `undoRun` would be: nothing recorded to undo (`StateError`), or a ref the run moved
 * has moved again since (`RefRaceError`). Writes nothing — a ref transaction a crash left is not
 * settled here (the real undo settles it first), so the preview of a crashed run assumes the
 * transaction stands as the refs show it.
 *
 * @example
 * ```ts
 * const preview = await previewUndo({ git, store, remote: 'origin' });
 * for (const r of preview.restored) console.log(`${r.ref}: ${r.from} -> ${r.to}`);
 * ```
 */
export async function previewUndo(options: PreviewUndoOptions): Promise<UndoPreview> {
  const { git, store } = options;
  const current = await store.loadCurrent();
  const state = current ?? (await store.loadLast());
  if (!state) throw new StateError('There is nothing to undo: no run has been recorded in this repository yet.', {});
  let before = state.before;
  let after = state.after;
  if (current && !after) {
    // As undoRun's adoption of a transaction that landed before the crash recorded it.
    const step = state.plan.steps[state.next];
    const updates = step?.kind === 'update-refs' ? transactionUpdates({ state, step }) : [];
    const read = options.readRawRef ?? ((ref: string) => git.readRef(ref));
    const landed = updates.length > 0 && (await Promise.all(updates.map(async (update) => (await read(update.ref)) === update.next))).every(Boolean);
    if (landed) {
      before = Object.fromEntries(updates.map((update) => [update.ref, update.expected]));
      after = Object.fromEntries(updates.map((update) => [update.ref, update.next]));
    }
  }
  const push = options.remote ?? null;
  if (!after || !before) return { command: state.plan.command, unfinished: current !== null, restored: [], logTip: null, push: null };
  const restored = Object.keys(after)
    .filter((ref) => ref !== AUDIT_LOG_REF)
    .map((ref) => ({ ref, from: after[ref] ?? null, to: before[ref] ?? null }));
  for (const item of restored) {
    if (!options.readRawRef && item.ref.startsWith('refs/tags/')) continue;
    const now = options.readRawRef ? await options.readRawRef(item.ref) : await git.readRef(item.ref);
    if (now !== item.from) {
      throw new RefRaceError(
        `Cannot undo "${state.plan.command}": ${item.ref} is at ${now?.slice(0, 7) ?? '(none)'}, not where the run left it (${item.from?.slice(0, 7) ?? '(none)'}). Someone built on the result since; revert instead of undoing.`,
        { ref: item.ref, expected: item.from, actual: now },
      );
    }
  }
  return { command: state.plan.command, unfinished: current !== null, restored, logTip: await git.readRef(AUDIT_LOG_REF), push };
}
