import type { ResolutionUse } from '../ports/git-port.js';
import { Trailer } from '../model/trailers.js';

/**
 * The trailers a merge commit gets for the recorded resolutions it applied: per resolution one
 * `Relctl-Resolution: <commit> <path>` and one `Relctl-Resolution-By: <commit> <who>`, ready for
 * `formatTrailers`. Empty when none was applied.
 *
 * @example
 * ```ts
 * resolutionTrailers([{ path: 'README.md', key, commit: '9a8b…', by: 'Ann <ann@example.com>' }]);
 * // { 'Relctl-Resolution': ['9a8b… README.md'], 'Relctl-Resolution-By': ['9a8b… Ann <ann@example.com>'] }
 * ```
 */
export function resolutionTrailers(uses: readonly ResolutionUse[]): Record<string, string[]> {
  if (uses.length === 0) return {};
  return {
    [Trailer.resolution]: uses.map((use) => `${use.commit} ${use.path}`),
    [Trailer.resolutionBy]: uses.map((use) => `${use.commit} ${use.by}`),
  };
}
