import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_VERSION, MAX_ENTRIES, conflictCachePath, type ConflictCache } from './conflict-cache.js';

/**
 * Write the cache: the pairs `used` by this run first, then older ones up to a bound. Written to a
 * temporary file and renamed, so a reader never sees half a file.
 */
export function writeConflictCache(commonDir: string, resolutions: string, used: ConflictCache, old: ConflictCache): void {
  const pairs: ConflictCache = { ...used };
  for (const [key, value] of Object.entries(old)) {
    if (Object.keys(pairs).length >= MAX_ENTRIES) break;
    if (!(key in pairs)) pairs[key] = value;
  }
  const file = conflictCachePath(commonDir);
  mkdirSync(join(commonDir, 'relctl'), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: CACHE_VERSION, resolutions, pairs })}\n`);
  renameSync(temporary, file);
}
