import { join } from 'node:path';
import { StateError } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { journalDir } from './journal-dir.js';
import type { TransactionJournal } from './transaction-journal.js';

/** Options of {@link readJournals}. */
export interface ReadJournalsOptions {
  repo: Repository;
}

/**
 * The journals left in `<commonDir>/relctl/journal`, oldest first (ids start with the time).
 * Half-written `*.tmp` files are not journals and are skipped.
 *
 * @example
 * ```ts
 * for (const { path, journal } of await readJournals({ repo })) console.log(path, journal.updates);
 * ```
 */
export async function readJournals({ repo }: ReadJournalsOptions): Promise<Array<{ path: string; journal: TransactionJournal }>> {
  const dir = journalDir({ repo });
  let names: string[];
  try {
    names = await repo.fs.promises.readdir(dir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const result: Array<{ path: string; journal: TransactionJournal }> = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    let journal: TransactionJournal;
    try {
      journal = JSON.parse(await repo.fs.promises.readFile(path, 'utf8')) as TransactionJournal;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') continue;
      throw new StateError(`transaction journal ${path} is unreadable; inspect it, then delete it once refs are as you want them.`, {
        path,
      });
    }
    if (journal.version !== 1 || !Array.isArray(journal.updates)) {
      throw new StateError(`transaction journal ${path} has an unknown format; upgrade relctl or inspect and delete it.`, { path });
    }
    result.push({ path, journal });
  }
  return result;
}
