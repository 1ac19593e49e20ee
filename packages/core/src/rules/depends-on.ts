import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { findDependencyCycle } from './find-dependency-cycle.js';
import { findMember } from './find-member.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { shortSha } from './short-sha.js';

/**
 * Options of the `depends-on` rule: none.
 *
 * @example
 * ```ts
 * dependsOnOptionsSchema.parse({}); // {}
 * ```
 */
export const dependsOnOptionsSchema = z.strictObject({}).meta({ description: 'No options.' });

/**
 * Rule `depends-on`: every request this one depends on is already in the target environment,
 * or is promoted together with it (in `intent.requestIds`). Fails when a dependency is missing
 * (the message lists them and how to add them) or when the dependencies form a cycle (the
 * message shows it). Warns when a dependency is in the target only at an older head.
 *
 * @example
 * ```ts
 * dependsOn(context); // { status: 'fail', message: 'C depends on A, which is not in prod and not promoted with it; …' }
 * ```
 */
export function dependsOn(context: RuleContext): RuleResult {
  parseRuleOptions({ rule: 'depends-on', schema: dependsOnOptionsSchema, options: context.options });
  const { request, target, facts, intent } = context;
  if (request.dependsOn.length === 0) return { status: 'pass', message: `${request.id} depends on nothing.` };

  const cycle = findDependencyCycle({ requests: facts.requests, from: request.id });
  if (cycle) {
    return {
      status: 'fail',
      message: `${request.id}'s dependencies form a cycle: ${cycle.join(' -> ')}; remove one of these dependencies.`,
    };
  }

  const together = new Set(intent.requestIds);
  const present: string[] = [];
  const older: string[] = [];
  const missing: string[] = [];
  for (const dependency of [...new Set(request.dependsOn)]) {
    const member = findMember({ facts, env: target.name, requestId: dependency });
    if (member) {
      const head = facts.requests.find((candidate) => candidate.id === dependency)?.head;
      if (head !== undefined && head !== member.sha) older.push(`${dependency} (${target.name} has ${shortSha(member.sha)}, head is ${shortSha(head)})`);
      else present.push(`${dependency} (in ${target.name})`);
    } else if (together.has(dependency)) {
      present.push(`${dependency} (promoted together)`);
    } else {
      missing.push(dependency);
    }
  }
  if (missing.length > 0) {
    const list = missing.join(', ');
    const these = missing.length === 1 ? 'which is' : 'which are';
    return {
      status: 'fail',
      message: `${request.id} depends on ${list}, ${these} not in ${target.name} and not promoted with it; promote them together (relctl promote ${[...missing, request.id].join(' ')} --to ${target.name}) or add --with-deps.`,
    };
  }
  if (older.length > 0) {
    return {
      status: 'warn',
      message: `${request.id} depends on ${older.join(', ')}: newer commits of ${older.length === 1 ? 'that dependency are' : 'those dependencies are'} not in ${target.name}.`,
    };
  }
  return { status: 'pass', message: `dependencies are there: ${present.join(', ')}.` };
}
