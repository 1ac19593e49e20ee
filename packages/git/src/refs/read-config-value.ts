import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';
import { parseConfigValue } from './parse-config-value.js';

/**
 * Options of {@link readConfigValue}.
 *
 * @example
 * ```ts
 * const options: ReadConfigValueOptions = { repo, key: 'relctl.offline' };
 * ```
 */
export interface ReadConfigValueOptions {
  repo: Repository;
  /** `section.key` (or `section.subsection.key`), e.g. `core.logAllRefUpdates` (case-insensitive). */
  key: string;
}

/**
 * The last value of a `section.key` in the repository's `config` (`<commonDir>/config`), or
 * `undefined`, as {@link parseConfigValue} reads it; include files and global config are not read.
 *
 * @example
 * ```ts
 * const bare = await readConfigValue({ repo, key: 'core.bare' }); // 'true' | 'false' | undefined
 * ```
 */
export async function readConfigValue({ repo, key }: ReadConfigValueOptions): Promise<string | undefined> {
  let text: string;
  try {
    text = await repo.fs.promises.readFile(join(repo.commonDir, 'config'), 'utf8');
  } catch {
    return undefined;
  }
  return parseConfigValue({ text, key });
}
