/**
 * The first 7 hex digits of a commit id, as git abbreviates it in messages.
 *
 * @example
 * ```ts
 * shortSha('3f2a9c1d0e…'); // '3f2a9c1'
 * ```
 */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
