import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';
import { fsyncDir } from './fsync-dir.js';
import { injectFault } from './inject-fault.js';
import { journalDir } from './journal-dir.js';
import type { TransactionJournal } from './transaction-journal.js';

/** Options of {@link writeJournal}. */
export interface WriteJournalOptions {
  repo: Repository;
  journal: TransactionJournal;
}

/**
 * Write a journal durably and atomically: to `<id>.json.tmp`, fsync, rename to `<id>.json`, fsync
 * the folder. Returns the journal's path. A reader never sees a half-written journal; a failed
 * write (a full disk) removes its temp file. Fault point `journal:write` (see `injectFault`).
 *
 * @example
 * ```ts
 * const path = await writeJournal({ repo, journal });
 * ```
 */
export async function writeJournal({ repo, journal }: WriteJournalOptions): Promise<string> {
  const dir = journalDir({ repo });
  await repo.fs.promises.mkdir(dir, { recursive: true });
  const path = join(dir, `${journal.id}.json`);
  const temp = `${path}.tmp`;
  const handle = await repo.fs.promises.open(temp, 'wx');
  try {
    try {
      await injectFault({ point: 'journal:write', path });
      await handle.writeFile(`${JSON.stringify(journal, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await repo.fs.promises.rename(temp, path);
  } catch (error) {
    // A full disk: no half journal is left for a recovery to stumble on.
    await repo.fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsyncDir({ fs: repo.fs, dir });
  return path;
}
