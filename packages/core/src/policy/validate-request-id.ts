import { UsageError } from '../errors/index.js';
import { requestIdProblem } from './request-id-problem.js';

const quote = (id: unknown): string => {
  if (typeof id !== 'string') return String(id);
  const shown = JSON.stringify(id.length > 70 ? `${id.slice(0, 69)}…` : id);
  return shown;
};

/**
 * Check a request id given by a person and return it. Valid ids are 1-64 letters, digits, `.`,
 * `_` or `-`, starting with a letter or digit (`REQUEST_ID_PATTERN`), are valid git ref name
 * components (no `..`, not ending with `.` or `.lock`), and are not names git reserves (`HEAD`,
 * `FETCH_HEAD`, … any all-capitals name ending in `HEAD`, `AUTO_MERGE`).
 *
 * @throws UsageError (`data: { id }`) saying what is allowed, e.g.
 *   `"-rf" is not a valid request id: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`
 * @example
 * ```ts
 * validateRequestId('PAY-142'); // 'PAY-142'
 * validateRequestId('a..b'); // throws UsageError
 * ```
 */
export function validateRequestId(id: string): string {
  const problem = requestIdProblem(id);
  if (problem === undefined) return id;
  const rule = 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
  const message =
    problem === 'pattern'
      ? `${quote(id)} is not a valid request id: ${rule}.`
      : problem === 'reserved'
        ? `${quote(id)} is not a valid request id: git reserves that name (like HEAD, FETCH_HEAD, ORIG_HEAD); choose another id.`
        : `${quote(id)} is not a valid request id: ${problem}, which git does not allow in a branch name; ${rule}, without "..", and not ending with "." or ".lock".`;
  return failWith(message, id);
}

const failWith = (message: string, id: unknown): never => {
  throw new UsageError(message, { id: typeof id === 'string' ? id : String(id) });
};
