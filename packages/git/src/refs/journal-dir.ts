import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';

/**
 * Options of {@link journalDir}.
 *
 * @example
 * ```ts
 * const dir = journalDir({ repo }); // '/work/app/.git/relctl/journal'
 * ```
 */
export interface JournalDirOptions {
  repo: Repository;
}

/**
 * Where ref transactions keep their journals: `<commonDir>/relctl/journal`.
 *
 * @example
 * ```ts
 * journalDir({ repo }); // '/work/app/.git/relctl/journal'
 * ```
 */
export function journalDir({ repo }: JournalDirOptions): string {
  return join(repo.commonDir, 'relctl', 'journal');
}
