import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PairResult } from '@relctl/core';

/** Trial-merge results by pair key (`conflictPairKey`): a merge of two commits never changes. */
export type ConflictCache = Record<string, PairResult>;

/** Bump when the merge engine's answers could change; an older cache is then ignored. */
const CACHE_VERSION = 1;
/** At most this many pairs are kept (the ones used last win). */
const MAX_ENTRIES = 20_000;

/** `<commonDir>/relctl/conflict-cache.json`. */
export function conflictCachePath(commonDir: string): string {
  return join(commonDir, 'relctl', 'conflict-cache.json');
}

/**
 * Read the conflict cache; a missing, unreadable or outdated file is an empty cache, and so is
 * one written when other conflict resolutions were recorded (`resolutions`: their fingerprint),
 * because a recorded resolution turns a conflicting pair clean.
 */
export function readConflictCache(commonDir: string, resolutions: string): ConflictCache {
  try {
    const parsed = JSON.parse(readFileSync(conflictCachePath(commonDir), 'utf8')) as { version?: unknown; resolutions?: unknown; pairs?: unknown };
    if (parsed.version !== CACHE_VERSION || parsed.resolutions !== resolutions || typeof parsed.pairs !== 'object' || parsed.pairs === null) return {};
    const cache: ConflictCache = {};
    for (const [key, value] of Object.entries(parsed.pairs as Record<string, unknown>)) {
      const entry = value as Partial<PairResult> | null;
      if (!/^[0-9a-f]+:[0-9a-f]+$/.test(key) || typeof entry?.clean !== 'boolean' || !Array.isArray(entry.paths)) continue;
      cache[key] = { clean: entry.clean, paths: entry.paths.filter((path): path is string => typeof path === 'string') };
    }
    return cache;
  } catch {
    return {};
  }
}

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
