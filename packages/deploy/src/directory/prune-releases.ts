import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { releaseRecords } from './release-records.js';

/**
 * Options of {@link pruneReleases}.
 *
 * @example
 * ```ts
 * const removed = await pruneReleases({ root: '/srv/app', keep: 3, protect: [current, '1.4.0'] });
 * ```
 */
export interface PruneReleasesOptions {
  /** Deploy root holding `releases/`. */
  root: string;
  /** How many releases to keep (the most recently activated ones). */
  keep: number;
  /** Releases never removed whatever their age: `current` and the previous successful one. */
  protect: readonly (string | null)[];
}

/**
 * Remove old release folders so that `keep` remain, most recently activated first (a release
 * never activated counts as oldest, then by folder time). Folders in `protect` are always kept,
 * as are hidden entries (`releases/.incoming-*` is cleaned separately). Returns the names
 * removed. Call it while holding the deploy lock.
 *
 * @example
 * ```ts
 * await pruneReleases({ root: '/srv/app', keep: 5, protect: ['1.4.0', '1.3.2'] }); // ['1.1.0']
 * ```
 */
export async function pruneReleases(options: PruneReleasesOptions): Promise<string[]> {
  const releases = join(options.root, 'releases');
  const records = releaseRecords({ root: options.root });
  const all = await records.all();
  const entries = await readdir(releases, { withFileTypes: true });
  const candidates: Array<{ name: string; seq: number; mtime: number }> = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
    const info = await stat(join(releases, entry.name));
    candidates.push({ name: entry.name, seq: all.get(entry.name)?.activatedSeq ?? 0, mtime: info.mtimeMs });
  }
  candidates.sort((a, b) => b.seq - a.seq || b.mtime - a.mtime || (a.name < b.name ? 1 : -1));
  const protect = new Set(options.protect.filter((name): name is string => name !== null));
  const keep = Math.max(1, options.keep);
  const removed: string[] = [];
  let kept = 0;
  for (const candidate of candidates) {
    if (protect.has(candidate.name)) {
      kept += 1;
      continue;
    }
    if (kept < keep) {
      kept += 1;
      continue;
    }
    await rm(join(releases, candidate.name), { recursive: true, force: true });
    await records.remove(candidate.name);
    removed.push(candidate.name);
  }
  return removed;
}
