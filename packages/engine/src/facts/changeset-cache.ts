import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Changes whenever the file's meaning changes; another version is ignored (read as empty). */
const CACHE_VERSION = 1;

/**
 * The changeset text (`null`: no changeset file) of each request head already read, keyed by
 * `<commit>:<path>`. A commit never changes, so an entry can never be stale; the cache only
 * saves reading the same objects on every `status` (about 200 ms for 200 requests, cold, on a
 * 100k-commit repository, against a few milliseconds for this file).
 */
export type ChangesetCache = Map<string, string | null>;

/** `<commonDir>/relctl/changeset-cache.json`. */
export function changesetCachePath(commonDir: string): string {
  return join(commonDir, 'relctl', 'changeset-cache.json');
}

/** The cache `<commitOrTree>:<path>` key of one read. */
export function changesetCacheKey(read: { commitOrTree: string; path: string }): string {
  return `${read.commitOrTree}:${read.path}`;
}

/** Read the cache; a missing, damaged or other-version file is an empty cache. */
export function readChangesetCache(commonDir: string): ChangesetCache {
  const cache: ChangesetCache = new Map();
  try {
    const parsed = JSON.parse(readFileSync(changesetCachePath(commonDir), 'utf8')) as { version?: unknown; entries?: unknown };
    if (parsed.version !== CACHE_VERSION || typeof parsed.entries !== 'object' || parsed.entries === null) return cache;
    for (const [key, value] of Object.entries(parsed.entries as Record<string, unknown>)) {
      if (/^[0-9a-f]{40,64}:\.changeset\/[^/]+\.md$/.test(key) && (typeof value === 'string' || value === null)) cache.set(key, value);
    }
  } catch {
    // No cache yet, or a damaged one: read everything again.
  }
  return cache;
}

/**
 * Write `entries` as the whole cache (the caller passes only the current heads, so branches
 * that were deleted or moved drop out). Written to a temporary file and renamed, so a reader
 * never sees half a file; a repository relctl cannot write to simply gets no cache.
 */
export function writeChangesetCache(commonDir: string, entries: ChangesetCache): void {
  const file = changesetCachePath(commonDir);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(commonDir, 'relctl'), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify({ version: CACHE_VERSION, entries: Object.fromEntries(entries) })}\n`);
    renameSync(temporary, file);
  } catch {
    // Read-only repository or full disk: the facts are right without the cache.
  }
}
