import { REQUEST_ID_PATTERN } from '../model/request.js';

/**
 * Why `id` is not a valid request id, or `undefined` when it is one. Ids match
 * {@link REQUEST_ID_PATTERN} and are valid git ref name components: no `..`, and not ending
 * with `.` or `.lock`.
 *
 * @example
 * ```ts
 * requestIdProblem('a..b'); // 'it contains ".."'
 * ```
 */
export function requestIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || !REQUEST_ID_PATTERN.test(id)) return 'pattern';
  if (id.includes('..')) return 'it contains ".."';
  if (id.endsWith('.lock')) return 'it ends with ".lock"';
  if (id.endsWith('.')) return 'it ends with "."';
  return undefined;
}
