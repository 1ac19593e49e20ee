import { refNameProblem } from './ref-name-problem.js';

/**
 * Whether `name` is a valid git ref name by the rules of `git check-ref-format --allow-onelevel`:
 * not empty, not `@`; no `..`, no `@{`, no ASCII control character, space, `~ ^ : ? * [ \`;
 * no empty component (`//`), no leading or trailing `/`, no trailing `.`; no component that
 * starts with `.` or ends with `.lock`. Branch-specific limits (no leading `-`, not `HEAD`) are
 * not checked here.
 *
 * @example
 * ```ts
 * isValidRefName('env/test'); // true
 * isValidRefName('env/../x'); // false
 * isValidRefName('feature.lock'); // false
 * ```
 */
export function isValidRefName(name: string): boolean {
  return refNameProblem(name) === undefined;
}
