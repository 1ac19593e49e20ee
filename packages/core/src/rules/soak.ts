import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { findMember } from './find-member.js';
import { formatDuration } from './format-duration.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { shortSha } from './short-sha.js';

const HOUR = 3_600_000;

/**
 * Options of the `soak` rule.
 *
 * @example
 * ```ts
 * soakOptionsSchema.parse({ hours: 24 });
 * ```
 */
export const soakOptionsSchema = z
  .strictObject({
    hours: z.number().positive().meta({ description: 'Minimum hours the request head must have been in the source environment.' }),
  })
  .meta({ description: 'The request head has been in the source environment for at least `hours`.' });

/**
 * Parsed options of the `soak` rule.
 *
 * @example
 * ```ts
 * const options: SoakOptions = soakOptionsSchema.parse(raw);
 * ```
 */
export type SoakOptions = z.output<typeof soakOptionsSchema>;

/**
 * Rule `soak`: the request's current head has been in the source environment for at least
 * `hours`, measured from the member's `since` to `facts.now`. Fails when it is not there, when
 * the source holds an older head (soaking restarts with the new head), or when the time is short;
 * the message says when it will be ready.
 *
 * @example
 * ```ts
 * soak({ ...context, options: { hours: 24 } });
 * // { status: 'fail', message: 'A has been in test for 3h 10m of the 24h soak; ready at 2026-01-02T09:00:00.000Z.' }
 * ```
 */
export function soak(context: RuleContext): RuleResult {
  const { hours } = parseRuleOptions({ rule: 'soak', schema: soakOptionsSchema, options: context.options });
  const { request, source, target, facts } = context;
  if (!source) {
    return { status: 'fail', message: `${target.name} has no source environment to soak in; set "source" on ${target.name} in the config.` };
  }
  const member = findMember({ facts, env: source.name, requestId: request.id });
  if (!member) {
    return { status: 'fail', message: `${request.id} is not in ${source.name}, so it has not soaked; promote it to ${source.name} first.` };
  }
  if (member.sha !== request.head) {
    return {
      status: 'fail',
      message: `${source.name} holds an older head ${shortSha(member.sha)} of ${request.id} (head is ${shortSha(request.head)}); the soak starts when the new head reaches ${source.name}.`,
    };
  }
  if (member.since === undefined) {
    return {
      status: 'fail',
      message: `it is not known since when ${request.id} is in ${source.name} (no promotion event in the audit log); promote it to ${source.name} again, or override with a reason.`,
    };
  }
  const elapsed = facts.now - member.since;
  const needed = hours * HOUR;
  if (elapsed < needed) {
    const readyAt = new Date(member.since + needed).toISOString();
    return {
      status: 'fail',
      message: `${request.id} has been in ${source.name} for ${formatDuration(elapsed)} of the ${hours}h soak; ready at ${readyAt}.`,
    };
  }
  return { status: 'pass', message: `${request.id} has been in ${source.name} for ${formatDuration(elapsed)} (soak ${hours}h).` };
}
