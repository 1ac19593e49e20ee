import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { findMember } from './find-member.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { shortSha } from './short-sha.js';
import { carryOptionSchema } from './carry-option.js';
import { carryModeFor } from '../carry/carry-mode-for.js';
import { carryOf } from '../carry/carry-of.js';
import { describeCarry } from '../carry/describe-carry.js';
import { carryBreak } from '../carry/carry-break.js';

/**
 * Options of the `tested-in` rule: `carry` only.
 *
 * @example
 * ```ts
 * testedInOptionsSchema.parse({}); // {}
 * ```
 */
export const testedInOptionsSchema = z.strictObject({ carry: carryOptionSchema }).meta({ description: 'The source environment holds the exact request head.' });

/**
 * Rule `tested-in`: the source environment holds exactly the request's current head. Fails
 * when the request is not in the source environment, or when the source holds an older head
 * (the branch moved after it was tested); the message names the SHA the source holds. An older
 * head whose change the current head provably keeps (only trivial syncs since, `facts.lineage`)
 * still counts with `carry: sync` (the default), and the message says it was carried.
 *
 * @example
 * ```ts
 * testedIn(context); // { status: 'fail', message: 'test holds 1a2b3c4 of A, but its head is now 5d6e7f8; …' }
 * ```
 */
export function testedIn(context: RuleContext): RuleResult {
  const options = parseRuleOptions({ rule: 'tested-in', schema: testedInOptionsSchema, options: context.options });
  const { request, source, target, facts } = context;
  if (!source) {
    return {
      status: 'fail',
      message: `${target.name} has no source environment to be tested in; set "source" on ${target.name} in the config.`,
    };
  }
  const member = findMember({ facts, env: source.name, requestId: request.id });
  if (!member) {
    return {
      status: 'fail',
      message: `${request.id} is not in ${source.name}; promote it there and test it first (relctl promote ${request.id} --to ${source.name}).`,
    };
  }
  const mode = carryModeFor({ env: target, rule: 'tested-in', options });
  const verdict = carryOf({ facts, request, sha: member.sha, mode });
  if (verdict.state === 'carried') {
    return { status: 'pass', message: `${source.name} holds ${request.id} at ${shortSha(member.sha)}, ${describeCarry(verdict)}.` };
  }
  if (member.sha !== request.head) {
    return {
      status: 'fail',
      message: `${source.name} holds ${shortSha(member.sha)} of ${request.id}, but its head is now ${shortSha(request.head)}${brokenCarry(mode === 'sync' ? carryBreak({ facts, request }) : undefined)}; promote the new head to ${source.name} and test it again.`,
    };
  }
  return { status: 'pass', message: `${source.name} holds ${request.id} at its head ${shortSha(request.head)}.` };
}

/** ` (no carry past 1a2b3c4: …)` when a sync chain was followed and broke, else nothing. */
function brokenCarry(broken: string | undefined): string {
  return broken === undefined ? '' : ` (no carry past ${broken})`;
}
