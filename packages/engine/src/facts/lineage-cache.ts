import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Changes whenever the file's meaning changes; another version is ignored (read as empty). */
const CACHE_VERSION = 1;
/** Enough for every open request's recent syncs; the oldest entries drop out first. */
const MAX_ENTRIES = 5_000;

/**
 * What the tree check of one merge commit found, by its id: `clean` (its tree is the clean merge
 * of its two parents), `conflict` (merging them conflicts: the merge needed a resolution) or
 * `edited` (its tree differs from that merge). A commit never changes and the merge is computed
 * without recorded resolutions, so an entry never goes stale; the cache only saves merging the
 * same two commits again on every `status`.
 */
export type MergeProofCache = Map<string, MergeProof>;

/** One entry of the {@link MergeProofCache}. */
export type MergeProof = 'clean' | 'conflict' | 'edited';

const PROOFS: readonly string[] = ['clean', 'conflict', 'edited'];

/** `<commonDir>/relctl/merge-proof-cache.json`. */
export function mergeProofCachePath(commonDir: string): string {
  return join(commonDir, 'relctl', 'merge-proof-cache.json');
}

/** Read the cache; a missing, damaged or other-version file is an empty cache. */
export function readMergeProofCache(commonDir: string): MergeProofCache {
  const cache: MergeProofCache = new Map();
  try {
    const parsed = JSON.parse(readFileSync(mergeProofCachePath(commonDir), 'utf8')) as { version?: unknown; entries?: unknown };
    if (parsed.version !== CACHE_VERSION || typeof parsed.entries !== 'object' || parsed.entries === null) return cache;
    for (const [key, value] of Object.entries(parsed.entries as Record<string, unknown>)) {
      if (/^[0-9a-f]{40,64}$/.test(key) && typeof value === 'string' && PROOFS.includes(value)) cache.set(key, value as MergeProof);
    }
  } catch {
    // No cache yet, or a damaged one: check the merges again.
  }
  return cache;
}

/**
 * Write the cache (its newest {@link MAX_ENTRIES} entries), through a temporary file and a rename
 * so a reader never sees half a file; a repository relctl cannot write to simply gets no cache.
 */
export function writeMergeProofCache(commonDir: string, entries: MergeProofCache): void {
  const file = mergeProofCachePath(commonDir);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(commonDir, 'relctl'), { recursive: true });
    const kept = [...entries].slice(-MAX_ENTRIES);
    writeFileSync(temporary, `${JSON.stringify({ version: CACHE_VERSION, entries: Object.fromEntries(kept) })}\n`);
    renameSync(temporary, file);
  } catch {
    // Read-only repository or full disk: the facts are right without the cache.
  }
}
