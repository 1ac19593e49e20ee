import { matchGlobSegment } from './match-glob-segment.js';
import { splitPath } from './split-path.js';

/** Options of {@link matchGlob}. */
export interface MatchGlobOptions {
  /** A folder path relative to the repository root, `/`-separated. */
  path: string;
  /** A workspaces glob, e.g. `packages/*`, `apps/**`, `./tools/cli`. */
  pattern: string;
}

/**
 * Whether a folder path matches an npm `workspaces` glob: segment by segment with
 * {@link matchGlobSegment}, `**` matching any number of folders (none included).
 *
 * @example
 * ```ts
 * matchGlob({ path: 'packages/lib-a', pattern: 'packages/*' }); // true
 * matchGlob({ path: 'apps/web/admin', pattern: 'apps/**' }); // true
 * ```
 */
export function matchGlob(options: MatchGlobOptions): boolean {
  const path = splitPath(options.path);
  const pattern = splitPath(options.pattern);
  // memo[i][j]: does path[i..] match pattern[j..]? Polynomial, whatever the number of `**`.
  const memo = new Map<number, boolean>();
  const width = pattern.length + 1;
  const match = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (j === pattern.length) result = i === path.length;
    else if (pattern[j] === '**') result = match(i, j + 1) || (i < path.length && !(path[i] as string).startsWith('.') && match(i + 1, j));
    else result = i < path.length && matchGlobSegment({ pattern: pattern[j] as string, name: path[i] as string }) && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}
