/**
 * The first 7 hex digits of a commit id, as git abbreviates it in messages; `missing` (default
 * `-`) when there is none. The one short-sha helper of relctl.
 *
 * @example
 * ```ts
 * shortSha('3f2a9c1d0e…');        // '3f2a9c1'
 * shortSha(null);                 // '-'
 * shortSha(undefined, '(none)'); // '(none)'
 * ```
 */
export function shortSha(sha: string | null | undefined, missing = '-'): string {
  return sha ? sha.slice(0, 7) : missing;
}
