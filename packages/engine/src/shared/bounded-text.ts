import { UsageError } from '@relctl/core';

/**
 * The longest text relctl takes for each free-text option, in characters. Long enough for any
 * honest title or reason; short enough that a pasted file never pads every table row, bloats the
 * audit log, or overflows a deploy child's environment (`spawn E2BIG`).
 *
 * @example
 * ```ts
 * TEXT_LIMITS.title; // 256
 * ```
 */
export const TEXT_LIMITS = {
  title: 256,
  requester: 200,
  by: 200,
  reason: 1000,
} as const;

/**
 * `value` of the option `--<option>`, refused with a `UsageError` when it is longer than its
 * limit (the message says the limit and where longer text belongs); `undefined` passes.
 *
 * @example
 * ```ts
 * const title = boundedText('title', args.title); // throws for a 70 kB title
 * ```
 */
export function boundedText<T extends string | undefined>(option: keyof typeof TEXT_LIMITS, value: T): T {
  if (value === undefined) return value;
  const limit = TEXT_LIMITS[option];
  const length = Array.from(value).length;
  if (length <= limit) return value;
  const where = option === 'title' ? ' (put the details in the changeset or the commits of the request branch)' : option === 'reason' ? ' (link to the details instead)' : '';
  throw new UsageError(`--${option} is ${length} characters long; the limit is ${limit}${where}.`, { option: `--${option}`, length, limit });
}
