import { REQUEST_ID_PATTERN } from '../model/request.js';

/**
 * Names git gives a meaning of its own (`HEAD`, `FETCH_HEAD`, `ORIG_HEAD`, `MERGE_HEAD`, …: all
 * capitals and underscores ending in `HEAD`, and `AUTO_MERGE`): a branch `req/HEAD` reads like a
 * pointer, not a request, and tools treat it as one.
 */
const RESERVED = /^([A-Z_]*HEAD|AUTO_MERGE)$/;

/**
 * Why `id` is not a valid request id, or `undefined` when it is one. Ids match
 * {@link REQUEST_ID_PATTERN}, are valid git ref name components (no `..`, not ending with `.` or
 * `.lock`), and are not names git reserves (`HEAD`, `FETCH_HEAD`, … `AUTO_MERGE`).
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
  if (RESERVED.test(id)) return 'reserved';
  return undefined;
}
