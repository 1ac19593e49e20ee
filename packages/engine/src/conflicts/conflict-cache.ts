import { join } from 'node:path';
import type { PairResult } from '@relctl/core';

/** Trial-merge results by pair key (`conflictPairKey`): a merge of two commits never changes. */
export type ConflictCache = Record<string, PairResult>;

/** Bump when the merge engine's answers could change; an older cache is then ignored. */
export const CACHE_VERSION = 1;
/** At most this many pairs are kept (the ones used last win). */
export const MAX_ENTRIES = 20_000;

/** `<commonDir>/relctl/conflict-cache.json`. */
export function conflictCachePath(commonDir: string): string {
  return join(commonDir, 'relctl', 'conflict-cache.json');
}
