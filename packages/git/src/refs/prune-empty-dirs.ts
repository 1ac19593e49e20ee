import type * as nodeFs from 'node:fs';
import { dirname, sep } from 'node:path';

/** Options of {@link pruneEmptyDirs}. */
export interface PruneEmptyDirsOptions {
  fs: typeof nodeFs;
  /** The folder to start from. */
  dir: string;
  /** A folder above `dir` that is never removed (e.g. `<commonDir>/refs`). */
  stopAt: string;
}

/**
 * Remove `dir` and its parents while they are empty, stopping below `stopAt` — what git does
 * after deleting a loose ref or a reflog (`refs/heads/topic/` goes with its last branch).
 *
 * @example
 * ```ts
 * await pruneEmptyDirs({ fs, dir: `${commonDir}/refs/heads/topic`, stopAt: `${commonDir}/refs` });
 * ```
 */
export async function pruneEmptyDirs({ fs, dir, stopAt }: PruneEmptyDirsOptions): Promise<void> {
  for (let here = dir; here.startsWith(stopAt + sep) && here !== stopAt; here = dirname(here)) {
    try {
      await fs.promises.rmdir(here);
    } catch {
      return;
    }
  }
}
