import { hostname } from 'node:os';
import type { TransactionJournal } from './transaction-journal.js';

/** Options of {@link isTransactionAlive}. */
export interface IsTransactionAliveOptions {
  journal: Pick<TransactionJournal, 'pid' | 'hostname'>;
}

/**
 * Whether the process that wrote a journal may still be running it: same host, another process,
 * and that pid exists. A journal of this very process or of a dead one is abandoned.
 *
 * @example
 * ```ts
 * if (!isTransactionAlive({ journal })) console.log('left behind by a crash');
 * ```
 */
export function isTransactionAlive({ journal }: IsTransactionAliveOptions): boolean {
  if (journal.hostname !== hostname() || journal.pid === process.pid) return false;
  try {
    process.kill(journal.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
