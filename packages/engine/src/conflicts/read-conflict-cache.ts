import { readFileSync } from 'node:fs';
import type { PairResult } from '@relctl/core';
import { CACHE_VERSION, conflictCachePath, type ConflictCache } from './conflict-cache.js';

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
