import type { Sha } from '../model/request.js';
import { Trailer } from '../model/trailers.js';

/**
 * A recorded resolution a merge commit says it applied (its `Relctl-Resolution` trailers).
 *
 * @example
 * ```ts
 * const applied: AppliedResolution = { commit: '9a8b…', path: 'README.md', by: 'Ann <ann@example.com>' };
 * ```
 */
export interface AppliedResolution {
  /** The resolution commit. */
  commit: Sha;
  path: string;
  /** Who recorded it, as the trailer says (`?` when the trailer is missing). */
  by: string;
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Read the resolutions a merge applied from its parsed trailers (see `resolutionTrailers`).
 * Malformed values are skipped: history is data, never trusted to be well formed.
 *
 * @example
 * ```ts
 * resolutionsFromTrailers(parseTrailers(commit.message)); // [{ commit: '9a8b…', path: 'README.md', by: 'Ann <ann@example.com>' }]
 * ```
 */
export function resolutionsFromTrailers(trailers: Readonly<Record<string, readonly string[]>>): AppliedResolution[] {
  const values = (key: string): readonly string[] => Object.entries(trailers).flatMap(([name, list]) => (name.toLowerCase() === key.toLowerCase() ? list : []));
  const split = (value: string): [string, string] | null => {
    const space = value.indexOf(' ');
    const commit = space < 0 ? '' : value.slice(0, space);
    const rest = space < 0 ? '' : value.slice(space + 1).trim();
    return OBJECT_ID.test(commit) && rest !== '' ? [commit, rest] : null;
  };
  const by = new Map<string, string>();
  for (const value of values(Trailer.resolutionBy)) {
    const parts = split(value);
    if (parts) by.set(parts[0], parts[1]);
  }
  const applied: AppliedResolution[] = [];
  for (const value of values(Trailer.resolution)) {
    const parts = split(value);
    if (parts) applied.push({ commit: parts[0], path: parts[1], by: by.get(parts[0]) ?? '?' });
  }
  return applied;
}
