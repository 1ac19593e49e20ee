import { buildConflictMatrix, listConflictPairs, type ConflictMatrix, type MatrixBase, type MatrixRequest, type PairResult } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { resolutionsFingerprint } from './resolutions-fingerprint.js';
import type { ConflictCache } from './conflict-cache.js';
import { readConflictCache } from './read-conflict-cache.js';
import { writeConflictCache } from './write-conflict-cache.js';

/** Trial merges run at once on the system backend. */
const MERGE_CONCURRENCY = 4;

/** Options of {@link computeConflictMatrix}. */
export interface ComputeConflictMatrixOptions {
  context: CliContext;
  requests: MatrixRequest[];
  base: MatrixBase | null;
  /**
   * Use and update `<commonDir>/relctl/conflict-cache.json` (default true); `'read-only'` uses it
   * without writing (for commands that promise to write nothing, such as `relctl board`).
   */
  cache?: boolean | 'read-only';
  /** Called after each merge actually run (not for cached pairs). */
  onProgress?: (done: number, total: number) => void;
}

/** A matrix and what it cost. */
export interface ComputedConflictMatrix {
  matrix: ConflictMatrix;
  /** Pairs in the matrix. */
  pairs: number;
  /** Pairs merged now. */
  computed: number;
  /** Pairs taken from the cache. */
  cached: number;
}

/**
 * Trial-merge every pair of requests, and each request with the base tip, on objects
 * (`GitPort.mergeCommits`, which reuses recorded conflict resolutions as a rebuild would), taking
 * the results of pairs seen before from the conflict cache.
 */
export async function computeConflictMatrix(options: ComputeConflictMatrixOptions): Promise<ComputedConflictMatrix> {
  const { context, requests, base } = options;
  const useCache = options.cache ?? true;
  const resolutions = await resolutionsFingerprint(context);
  const old: ConflictCache = useCache !== false ? readConflictCache(context.repo.commonDir, resolutions) : {};
  const pairs = listConflictPairs({ requests, base });
  const results: Record<string, PairResult> = {};
  const todo = pairs.filter((pair) => {
    const hit = old[pair.key];
    if (hit) results[pair.key] = hit;
    return !hit;
  });
  const unique = [...new Map(todo.map((pair) => [pair.key, pair])).values()];
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const pair = unique[next] as (typeof unique)[number];
      next += 1;
      const outcome = await context.git.mergeCommits(pair.ours, pair.theirs);
      results[pair.key] = outcome.clean ? { clean: true, paths: [] } : { clean: false, paths: [...new Set(outcome.conflicts.map((conflict) => conflict.path))].sort() };
      done += 1;
      options.onProgress?.(done, unique.length);
    }
  };
  // The system backend starts one `git merge-tree` per pair: a few at a time hide process start-up.
  // The isomorphic backend runs in this process, where one at a time is as fast.
  const workers = context.backend === 'system' ? MERGE_CONCURRENCY : 1;
  await Promise.all(Array.from({ length: Math.min(workers, unique.length) }, worker));
  if (useCache === true && (unique.length > 0 || pairs.length > 0)) {
    try {
      writeConflictCache(context.repo.commonDir, resolutions, results, old);
    } catch {
      // A read command does not fail because its cache could not be written (read-only clone).
    }
  }
  return { matrix: buildConflictMatrix({ requests, base, results }), pairs: pairs.length, computed: unique.length, cached: pairs.length - todo.length };
}
