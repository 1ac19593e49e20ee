import type { z } from 'zod';
import { formatIssuePath } from './format-issue-path.js';

/**
 * One problem found in a configuration.
 *
 * @example
 * ```ts
 * const issue: ConfigIssue = { path: 'environments[1].kind', message: '"prod" is not allowed: use one of "integration", "release"' };
 * ```
 */
export interface ConfigIssue {
  /** Where: `environments[1].rules[0]`, or `(root)` for the whole config. */
  path: string;
  /** What is wrong and what is allowed, one line. */
  message: string;
}

type Issue = z.core.$ZodIssue;

const isTypeMismatch = (issue: Issue): boolean => issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');

const score = (issues: readonly Issue[]): number =>
  issues.reduce((total, issue) => {
    if (isTypeMismatch(issue)) return total + 100;
    if (issue.code === 'unrecognized_keys') return total + 10 * issue.keys.length;
    if (issue.code === 'invalid_type' && issue.input === undefined) return total + 10;
    return total + 1;
  }, 0);

/** Options of {@link toConfigIssues}. */
export interface ToConfigIssuesOptions {
  issues: readonly Issue[];
  /** Path of the parsed value inside the config (for option schemas parsed on their own). */
  prefix?: readonly PropertyKey[];
}

/**
 * Turn zod issues into config issues. A failed union reports the issues of the alternative
 * the input came closest to (a rule object with a bad `level` reports that `level`), unless the
 * input matched none of the alternatives' types; an unknown key is reported at the key's path.
 *
 * @example
 * ```ts
 * toConfigIssues({ issues: result.error.issues }); // [{ path: 'environments[0].kind', message: '…' }]
 * ```
 */
export function toConfigIssues(options: ToConfigIssuesOptions): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const seen = new Set<string>();
  const push = (path: readonly PropertyKey[], message: string): void => {
    const issue = { path: formatIssuePath(path), message };
    const key = `${issue.path}\n${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  };
  const walk = (issues: readonly Issue[], prefix: readonly PropertyKey[]): void => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        const best = [...issue.errors].sort((a, b) => score(a) - score(b))[0];
        if (best && !best.every(isTypeMismatch)) {
          walk(best, path);
          continue;
        }
      }
      if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) push([...path, issue.keys[0] ?? ''], issue.message);
      else push(path, issue.message);
    }
  };
  walk(options.issues, options.prefix ?? []);
  return out;
}
