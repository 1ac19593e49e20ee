import { join } from 'node:path';
import { readConfigValue } from '../refs/read-config-value.js';
import type { Repository } from '../repo/repository.js';
import type { MergeCommonOptions, MergeRenameOptions } from './merge-types.js';

/** Rename settings of one merge, resolved. */
export interface ResolvedRenameOptions {
  directories: 'true' | 'conflict' | 'false';
  limit: number;
}

/** git_parse_maybe_bool: 1, 0, or -1 when the value is no boolean. */
function parseMaybeBool(value: string): number {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on') return 1;
  if (v === 'false' || v === 'no' || v === 'off' || v === '') return 0;
  if (/^[-+]?\d+$/.test(v)) return Number(v) !== 0 ? 1 : 0;
  return -1;
}

/** git_config_int: an integer with an optional k/m/g suffix, or undefined. */
function parseInt(value: string | undefined): number | undefined {
  const match = /^\s*([-+]?\d+)\s*([kmg]?)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * factor;
}

/**
 * The rename settings of a merge: the caller's `renames` option, else the repository's config
 * read the way `git merge-tree` reads it (`merge.directoryRenames`, `merge.renameLimit` over
 * `diff.renameLimit`; repository config only), else git's defaults (`conflict`, 7000).
 *
 * @example
 * ```ts
 * const { directories, limit } = await resolveRenameOptions(options); // { directories: 'conflict', limit: 7000 }
 * ```
 */
export async function resolveRenameOptions(options: MergeCommonOptions): Promise<ResolvedRenameOptions> {
  const given: MergeRenameOptions = options.renames ?? {};
  const config = given.directories !== undefined && given.limit !== undefined ? null : await readRenameConfig(options.repo);
  const directories = given.directories ?? config?.directories;
  const limit = given.limit ?? config?.limit;
  return { directories: directories ?? 'conflict', limit: limit !== undefined && limit > 0 ? limit : 7000 };
}

const CONFIG_EXTENSION = '@relctl/git/merge-config';

interface CachedConfig {
  /** `mtimeMs:size` of the config file the values were read from. */
  stamp: string;
  directories: ResolvedRenameOptions['directories'] | undefined;
  limit: number | undefined;
}

/** The rename settings of the repository config, read again only when the file changed. */
async function readRenameConfig(repo: Repository): Promise<CachedConfig> {
  let stamp = 'missing';
  try {
    const stat = repo.fs.statSync(join(repo.commonDir, 'config'));
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    // no config file: git's defaults
  }
  const cached = repo.extensions.get(CONFIG_EXTENSION) as CachedConfig | undefined;
  if (cached && cached.stamp === stamp) return cached;
  let directories: CachedConfig['directories'];
  const raw = await readConfigValue({ repo, key: 'merge.directoryRenames' });
  if (raw !== undefined) {
    const bool = parseMaybeBool(raw);
    if (bool >= 0) directories = bool ? 'true' : 'false';
    else if (raw.trim().toLowerCase() === 'conflict') directories = 'conflict';
  }
  const limit = parseInt(await readConfigValue({ repo, key: 'merge.renameLimit' })) ?? parseInt(await readConfigValue({ repo, key: 'diff.renameLimit' }));
  const fresh: CachedConfig = { stamp, directories, limit };
  repo.extensions.set(CONFIG_EXTENSION, fresh);
  return fresh;
}
