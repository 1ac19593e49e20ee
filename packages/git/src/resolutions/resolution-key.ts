import { createHash } from 'node:crypto';

/**
 * Where shared conflict resolutions live: one ref per conflict, `refs/relctl/resolutions/<key>`.
 *
 * @example
 * ```ts
 * const ref = `${RESOLUTIONS_PREFIX}${resolutionKey({ path, base, ours, theirs })}`;
 * ```
 */
export const RESOLUTIONS_PREFIX = 'refs/relctl/resolutions/';

/**
 * Options of {@link resolutionKey}.
 *
 * @example
 * ```ts
 * const key = resolutionKey({ base: null, ours: oursBlob, theirs: theirsBlob }); // add-add conflict: no base
 * ```
 */
export interface ResolutionKeyOptions {
  /** Blob id of the merge base's version, or `null` (add/add). */
  base: string | null;
  /** Blob ids of the two sides; their order does not matter. */
  ours: string;
  theirs: string;
}

/**
 * The key of one conflicting file: a SHA-1 over the three conflicting blob ids, the two sides
 * sorted, so the same conflict met again — by anyone, with the sides either way round — finds the
 * same resolution (git's rerere keys by conflict text; relctl by the exact blobs).
 *
 * @example
 * ```ts
 * resolutionKey({ base: 'e69de29…', ours: '3b18e51…', theirs: '9daeafb…' }); // '5f0c…' (40 hex)
 * ```
 */
export function resolutionKey(options: ResolutionKeyOptions): string {
  const [first, second] = [options.ours, options.theirs].sort();
  return createHash('sha1')
    .update(`relctl-resolution 1\nbase ${options.base ?? '-'}\nside ${first}\nside ${second}\n`)
    .digest('hex');
}
