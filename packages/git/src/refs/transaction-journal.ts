import type { GitIdentity, Sha } from '@relctl/core';

/** One ref move recorded in a journal. `null` means absent (a create's `old`, a delete's `new`). */
export interface JournalUpdate {
  ref: string;
  old: Sha | null;
  new: Sha | null;
}

/** A worktree that a transaction brings along because its checked-out branch moves. */
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
 * What `<commonDir>/relctl/journal/<id>.json` holds: written (and fsynced) once every ref of a
 * transaction is locked with its new value, deleted when the transaction is complete. A journal
 * left behind means a process died in between; `recoverTransactions` finishes it.
 */
export interface TransactionJournal {
  version: 1;
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
