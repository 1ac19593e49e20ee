import type { Sha } from '../model/request.js';

/**
 * Options of {@link conflictPairKey}.
 *
 * @example
 * ```ts
 * const key = conflictPairKey({ a: pair.ours, b: pair.theirs });
 * ```
 */
export interface ConflictPairKeyOptions {
  a: Sha;
  b: Sha;
}

/**
 * The cache key of a trial merge of two commits: both SHAs, smaller first. A merge of two commits
 * is a pure function of them, so the key names its result for good.
 *
 * @example
 * ```ts
 * conflictPairKey({ a: 'bbbb…', b: 'aaaa…' }); // 'aaaa…:bbbb…'
 * ```
 */
export function conflictPairKey(options: ConflictPairKeyOptions): string {
  const [first, second] = options.a <= options.b ? [options.a, options.b] : [options.b, options.a];
  return `${first}:${second}`;
}
