import { readConfigValue } from '../refs/read-config-value.js';
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
  let directories = given.directories;
  if (directories === undefined) {
    const raw = await readConfigValue({ repo: options.repo, key: 'merge.directoryRenames' });
    if (raw !== undefined) {
      const bool = parseMaybeBool(raw);
      if (bool >= 0) directories = bool ? 'true' : 'false';
      else if (raw.trim().toLowerCase() === 'conflict') directories = 'conflict';
    }
  }
  let limit = given.limit;
  if (limit === undefined) {
    limit =
      parseInt(await readConfigValue({ repo: options.repo, key: 'merge.renameLimit' })) ??
      parseInt(await readConfigValue({ repo: options.repo, key: 'diff.renameLimit' }));
  }
  return { directories: directories ?? 'conflict', limit: limit !== undefined && limit > 0 ? limit : 7000 };
}
