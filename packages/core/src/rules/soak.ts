import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { findMember } from './find-member.js';
import { formatDuration } from './format-duration.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { shortSha } from './short-sha.js';
import { carryOptionSchema } from './carry-option.js';
import { carryModeFor } from '../carry/carry-mode-for.js';
import { carryOf } from '../carry/carry-of.js';
import { carriedSince } from '../carry/carried-since.js';
import { describeCarry } from '../carry/describe-carry.js';

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
    carry: carryOptionSchema,
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
 * the message says when it will be ready. With `carry: sync` (the default), an older head whose
 * change the current head provably keeps counts as the same stay: a trivial sync (and the rebuild
 * that swaps the synced head in) does not restart the soak.
 *
 * @example
 * ```ts
 * soak({ ...context, options: { hours: 24 } });
 * // { status: 'fail', message: 'A has been in test for 3h 10m of the 24h soak; ready at 2026-01-02T09:00:00.000Z.' }
 * ```
 */
export function soak(context: RuleContext): RuleResult {
  const { hours, carry } = parseRuleOptions({ rule: 'soak', schema: soakOptionsSchema, options: context.options });
  const { request, source, target, facts } = context;
  if (!source) {
    return { status: 'fail', message: `${target.name} has no source environment to soak in; set "source" on ${target.name} in the config.` };
  }
  const member = findMember({ facts, env: source.name, requestId: request.id });
  if (!member) {
    return { status: 'fail', message: `${request.id} is not in ${source.name}, so it has not soaked; promote it to ${source.name} first.` };
  }
  const mode = carryModeFor({ env: target, rule: 'soak', options: carry === undefined ? {} : { carry } });
  const verdict = carryOf({ facts, request, sha: member.sha, mode });
  if (verdict.state === 'stale') {
    return {
      status: 'fail',
      message: `${source.name} holds an older head ${shortSha(member.sha)} of ${request.id} (head is ${shortSha(request.head)}); the soak starts when the new head reaches ${source.name}.`,
    };
  }
  // A stay of an earlier head that only trivial syncs separate from this one is the same stay.
  const since = carriedSince({ facts, request, env: source.name, mode }) ?? member.since;
  const across = verdict.state === 'carried' ? `, ${describeCarry(verdict)}` : since !== member.since && since !== undefined ? ', counted across a sync' : '';
  if (since === undefined) {
    return {
      status: 'fail',
      message: `it is not known since when ${request.id} is in ${source.name} (no promotion event in the audit log); promote it to ${source.name} again, or override with a reason.`,
    };
  }
  const elapsed = facts.now - since;
  const needed = hours * HOUR;
  if (elapsed < needed) {
    const readyAt = new Date(since + needed).toISOString();
    return {
      status: 'fail',
      message: `${request.id} has been in ${source.name} for ${formatDuration(elapsed)} of the ${hours}h soak${across}; ready at ${readyAt}.`,
    };
  }
  return { status: 'pass', message: `${request.id} has been in ${source.name} for ${formatDuration(elapsed)} (soak ${hours}h)${across}.` };
}
