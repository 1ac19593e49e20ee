import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { findMember } from './find-member.js';
import { formatDuration } from './format-duration.js';
import { parseRuleOptions } from './parse-rule-options.js';

const DAY = 86_400_000;

/**
 * Options of the `max-age` rule.
 *
 * @example
 * ```ts
 * maxAgeOptionsSchema.parse({}); // { days: 14 }
 * ```
 */
export const maxAgeOptionsSchema = z
  .strictObject({
    days: z.number().positive().default(14).meta({ description: 'Warn once a request has waited longer than this many days.' }),
  })
  .meta({
    description: 'Warns (never fails) when a request has waited in the source environment longer than `days`; without a source, when the request is older than `days`.',
  });

/**
 * Parsed options of the `max-age` rule.
 *
 * @example
 * ```ts
 * const options: MaxAgeOptions = maxAgeOptionsSchema.parse(raw);
 * ```
 */
export type MaxAgeOptions = z.output<typeof maxAgeOptionsSchema>;

/**
 * Rule `max-age`: makes stuck requests visible. It **warns** when the request has waited in
 * the source environment (since its member `since`) longer than `days` (default 14); when the
 * target has no source, it measures the request's age from `createdAt`. It never fails. When
 * the start time is unknown it passes and says so.
 *
 * @example
 * ```ts
 * maxAge({ ...context, options: { days: 7 } });
 * // { status: 'warn', message: 'A has waited in test for 9d 2h, more than 7 days; promote it or take it out of test.' }
 * ```
 */
export function maxAge(context: RuleContext): RuleResult {
  const { days } = parseRuleOptions({ rule: 'max-age', schema: maxAgeOptionsSchema, options: context.options });
  const { request, source, facts } = context;
  const limit = days * DAY;
  if (source) {
    const since = findMember({ facts, env: source.name, requestId: request.id })?.since;
    if (since === undefined) {
      return { status: 'pass', message: `no known time ${request.id} entered ${source.name}; nothing to measure.` };
    }
    const waited = facts.now - since;
    if (waited > limit) {
      return {
        status: 'warn',
        message: `${request.id} has waited in ${source.name} for ${formatDuration(waited)}, more than ${days} days; promote it or take it out of ${source.name}.`,
      };
    }
    return { status: 'pass', message: `${request.id} has been in ${source.name} for ${formatDuration(waited)} (limit ${days} days).` };
  }
  if (request.createdAt === undefined) {
    return { status: 'pass', message: `no known creation time of ${request.id}; nothing to measure.` };
  }
  const age = facts.now - request.createdAt;
  if (age > limit) {
    return {
      status: 'warn',
      message: `${request.id} was created ${formatDuration(age)} ago, more than ${days} days; ship it or close it (relctl request close ${request.id}).`,
    };
  }
  return { status: 'pass', message: `${request.id} is ${formatDuration(age)} old (limit ${days} days).` };
}
