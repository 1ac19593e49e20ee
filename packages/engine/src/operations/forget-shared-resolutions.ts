import { UsageError } from '@relctl/core';
import { forgetResolution, listResolutions, type ResolutionInfo } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { publishResolutions } from '../conflicts/publish-resolutions.js';

/**
 * Options of {@link forgetSharedResolutions}.
 *
 * @example
 * ```ts
 * const options: ForgetSharedResolutionsOptions = { session, targets: ['src/products.js'] };
 * ```
 */
export interface ForgetSharedResolutionsOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** Keys (or a prefix of at least 4 hex digits) or paths. */
  targets: string[];
  /** Say what would be forgotten; change nothing. */
  dryRun?: boolean;
}

/**
 * Drop recorded resolutions that are no longer right, as `relctl resolutions forget` does (here
 * and, with a remote, on it). Naming nothing, or nothing that matches, throws `UsageError`.
 *
 * @example
 * ```ts
 * const forgotten = await forgetSharedResolutions({ session, targets: ['src/products.js'] });
 * console.log(forgotten.map((item) => item.key));
 * ```
 */
export async function forgetSharedResolutions(options: ForgetSharedResolutionsOptions): Promise<ResolutionInfo[]> {
  const context = options.session;
  const { targets } = options;
  if (targets.length === 0) throw new UsageError('Name the resolutions to forget: keys (at least 4 hex digits) or paths; see "relctl resolutions list".', {});
  const local = await listResolutions({ git: context.git });
  const chosen = local.filter((item) => targets.some((target) => item.path === target || (/^[0-9a-f]{4,40}$/.test(target) && item.key.startsWith(target))));
  if (chosen.length === 0) {
    throw new UsageError(`No recorded resolution matches ${targets.join(', ')}; see "relctl resolutions list".`, { targets });
  }
  if (options.dryRun !== true) {
    for (const item of chosen) await forgetResolution({ git: context.git, key: item.key });
    await publishResolutions(
      context,
      chosen.map((item) => ({ ref: item.ref, next: null })),
    );
  }
  return chosen;
}
