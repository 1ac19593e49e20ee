import type { Repository } from '../repo/repository.js';
import { isTransactionAlive } from './is-transaction-alive.js';
import { readJournals } from './read-journals.js';
import type { JournalUpdate } from './transaction-journal.js';

/**
 * A ref transaction whose journal is still on disk.
 *
 * @example
 * ```ts
 * const [tx]: PendingTransaction[] = await pendingTransactions({ repo });
 * if (tx && !tx.alive) console.log(`pid ${tx.pid} on ${tx.hostname} died during "${tx.message}"`);
 * ```
 */
export interface PendingTransaction {
  id: string;
  /** The journal file. */
  path: string;
  /** Epoch milliseconds. */
  createdAt: number;
  message: string;
  pid: number;
  hostname: string;
  /** True while the writing process still runs on this host (not abandoned: leave it alone). */
  alive: boolean;
  updates: JournalUpdate[];
  /** Roots of the worktrees it brings along. */
  worktrees: string[];
}

/**
 * Options of {@link pendingTransactions}.
 *
 * @example
 * ```ts
 * const pending = await pendingTransactions({ repo });
 * ```
 */
export interface PendingTransactionsOptions {
  repo: Repository;
}

/**
 * The ref transactions left in `<commonDir>/relctl/journal`, oldest first — for `relctl doctor`.
 * An entry that is not `alive` was interrupted by a crash; `recoverTransactions` finishes it.
 *
 * @example
 * ```ts
 * const stuck = (await pendingTransactions({ repo })).filter((t) => !t.alive);
 * if (stuck.length) console.log(`${stuck.length} interrupted transaction(s); run relctl doctor --fix`);
 * ```
 */
export async function pendingTransactions({ repo }: PendingTransactionsOptions): Promise<PendingTransaction[]> {
  return (await readJournals({ repo })).map(({ path, journal }) => ({
    id: journal.id,
    path,
    createdAt: journal.createdAt,
    message: journal.message,
    pid: journal.pid,
    hostname: journal.hostname,
    alive: isTransactionAlive({ journal }),
    updates: journal.updates,
    worktrees: journal.worktrees.map((w) => w.dir),
  }));
}
