import type { Sha } from '../model/request.js';

/**
 * One step of a request's head history, gathered from git: a head (`sha`), the head before it
 * (its first parent), and whether `sha` provably leaves the request's own change as it was in
 * `previous`. It `carries` when `sha` is a merge with exactly two parents, the first `previous`,
 * the second (`merged`) on the production branch's history, and its tree is the tree of the clean
 * merge of the two (a merge that conflicts, needed a resolution, or was edited does not carry).
 *
 * @example
 * ```ts
 * const link: LineageLink = { sha: '9b7e2d4…', previous: '3f2a1c0…', merged: '5d6e7f8…', carries: true };
 * const edit: LineageLink = { sha: '1a2b3c4…', previous: '9b7e2d4…', carries: false, reason: 'not a merge' };
 * ```
 */
export interface LineageLink {
  /** A head of the request. */
  sha: Sha;
  /** Its first parent (`null`: a root commit). */
  previous: Sha | null;
  /** The second parent, when `sha` is a merge of two commits. */
  merged?: Sha;
  /** Whether records of `previous` carry to `sha`. */
  carries: boolean;
  /** Why they do not, when they do not (`not a merge`, `the merge needed a resolution`, …). */
  reason?: string;
}
