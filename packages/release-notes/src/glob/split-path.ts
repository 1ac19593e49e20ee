/**
 * Split a relative `/`-separated path or glob into segments, dropping empty and `.` segments
 * (so `./packages/*` and `packages/*\/` give `['packages', '*']`).
 *
 * @example
 * ```ts
 * splitPath('./packages/*'); // ['packages', '*']
 * ```
 */
export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '' && segment !== '.');
}
