import { requestIdProblem } from './request-id-problem.js';

/**
 * Whether `id` is a valid request id (see {@link validateRequestId}); never throws.
 *
 * @example
 * ```ts
 * isValidRequestId('PAY-142'); // true
 * isValidRequestId('-rf'); // false
 * ```
 */
export function isValidRequestId(id: unknown): id is string {
  return requestIdProblem(id) === undefined;
}
