import type { GitPort } from '@relctl/core';
import { parseTrailers } from '@relctl/core';
import { RESOLUTIONS_PREFIX } from './resolution-key.js';

/**
 * One recorded resolution.
 *
 * @example
 * ```ts
 * const [item]: ResolutionInfo[] = await listResolutions({ git });
 * if (item) console.log(`${item.key.slice(0, 8)} ${item.path} by ${item.by}`);
 * ```
 */
export interface ResolutionInfo {
  key: string;
  ref: string;
  commit: string;
  /** The path it was recorded for. */
  path: string;
  /** `Name <email>` of who recorded it. */
  by: string;
  /** Epoch milliseconds. */
  at: number;
  /** The merge it was learned from, when recorded. */
  source: string | null;
}

/**
 * Options of {@link listResolutions}.
 *
 * @example
 * ```ts
 * const shared = await listResolutions({ git, prefix: 'refs/remotes/origin/relctl/resolutions/' });
 * ```
 */
export interface ListResolutionsOptions {
  git: GitPort;
  /** Where to look (default `refs/relctl/resolutions/`; e.g. a remote's tracking prefix). */
  prefix?: string;
}

/**
 * Every recorded resolution, sorted by key.
 *
 * @example
 * ```ts
 * for (const item of await listResolutions({ git })) console.log(item.key.slice(0, 8), item.path);
 * ```
 */
export async function listResolutions(options: ListResolutionsOptions): Promise<ResolutionInfo[]> {
  const { git } = options;
  const prefix = options.prefix ?? RESOLUTIONS_PREFIX;
  const found: ResolutionInfo[] = [];
  for (const { ref, sha } of await git.listRefs(prefix)) {
    const key = ref.slice(prefix.length);
    const commit = await git.readCommit(sha);
    const trailers = parseTrailers(commit.message);
    found.push({
      key,
      ref,
      commit: sha,
      path: trailers['Relctl-Resolution-Path']?.at(-1) ?? '?',
      by: `${commit.author.name} <${commit.author.email}>`,
      at: commit.author.timestamp * 1000,
      source: trailers['Relctl-Resolution-Source']?.at(-1) ?? null,
    });
  }
  return found;
}
