import type { GitIdentity, Sha } from '@relctl/core';

/**
 * One ref move recorded in a journal. `null` means absent (a create's `old`, a delete's `new`).
 *
 * @example
 * ```ts
 * const update: JournalUpdate = { ref: 'refs/tags/v1.4.0', old: null, new: '2c26b46b68ffc68ff99b453c1d30413413422d70' };
 * ```
 */
export interface JournalUpdate {
  ref: string;
  old: Sha | null;
  new: Sha | null;
}

/**
 * A worktree that a transaction brings along because its checked-out branch moves.
 *
 * @example
 * ```ts
 * const worktree: JournalWorktree = { name: 'main', dir: '/work/app', gitdir: '/work/app/.git', ref: 'refs/heads/main', old: oldTip, new: newTip };
 * ```
 */
export interface JournalWorktree {
  /** `main` for the main worktree, else the folder name under `<commonDir>/worktrees/`. */
  name: string;
  /** Worktree root. */
  dir: string;
  /** Its git dir (holding `HEAD` and `index`); the common dir for the main worktree. */
  gitdir: string;
  /** The checked-out branch that moves. */
  ref: string;
  old: Sha;
  new: Sha;
}

/**
 * What `<commonDir>/relctl/journal/<id>.json` holds. It is written (and fsynced) twice:
 *
 * 1. `phase: 'locking'`, before the first lock is taken, naming every lock file the transaction
 *    may create (`locks`); each lock is created holding `lockMarker(id)`. A crash now leaves
 *    locks that recovery removes (nothing has moved): it rolls back.
 * 2. Without `phase` (the commit point), once every ref is locked with its new value. A crash after
 *    this is finished by recovery: it rolls forward.
 *
 * The journal is deleted when the transaction is complete (or was refused). A journal left behind
 * means a process died in between; `recoverTransactions` (which `updateRefs` runs first) settles it.
 *
 * @example
 * ```ts
 * const journal = JSON.parse(await readFile(join(journalDir({ repo }), `${id}.json`), 'utf8')) as TransactionJournal;
 * console.log(journal.phase === 'locking' ? 'never committed' : 'committed', journal.updates.length);
 * ```
 */
export interface TransactionJournal {
  version: 1;
  /** `locking` while locks are being taken (see above); absent once committed. */
  phase?: 'locking';
  /** Phase `locking`: absolute paths of every lock file the transaction may create. */
  locks?: string[];
  id: string;
  pid: number;
  hostname: string;
  /** Epoch milliseconds. */
  createdAt: number;
  message: string;
  actor: GitIdentity;
  /** The refs that move, sorted by name; each is locked at `<commonDir>/<ref>.lock` holding `new` (empty for a delete). */
  updates: JournalUpdate[];
  /** Whether the transaction holds `<commonDir>/packed-refs.lock` (to drop deleted refs from `packed-refs`). */
  packedRefsLocked: boolean;
  /** Worktrees brought along; each one's `<gitdir>/index.lock` is held by the transaction. */
  worktrees: JournalWorktree[];
  /** HEAD reflogs (absolute paths) that also record a move, as git logs HEAD when its branch moves. */
  headLogs: Array<{ ref: string; path: string }>;
}
