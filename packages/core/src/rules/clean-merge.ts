import { z } from 'zod';
import type { KnownConflict } from '../model/facts.js';
import type { RuleContext, RuleResult } from './rule.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { describeResolutions } from './describe-resolutions.js';

/**
 * Options of the `clean-merge` rule: none.
 *
 * @example
 * ```ts
 * cleanMergeOptionsSchema.parse({}); // {}
 * ```
 */
export const cleanMergeOptionsSchema = z.strictObject({}).meta({ description: 'No options.' });

const listPaths = (paths: readonly string[]): string => (paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`);

/**
 * Rule `clean-merge`: no known conflict (from `facts.conflicts`) between the request and the
 * target environment's tip (`env:<target>`), another request promoted with it, or — for an
 * integration target, which is rebuilt with its members — a request the target already holds.
 *
 * @example
 * ```ts
 * cleanMerge(context); // { status: 'fail', message: 'A conflicts with prod in src/app.ts; …' }
 * ```
 */
export function cleanMerge(context: RuleContext): RuleResult {
  parseRuleOptions({ rule: 'clean-merge', schema: cleanMergeOptionsSchema, options: context.options });
  const { request, target, facts, intent } = context;
  const envKey = `env:${target.name}`;
  const together = new Set(intent.requestIds.filter((id) => id !== request.id));
  const members =
    target.kind === 'integration' ? new Set(facts.environments.find((state) => state.name === target.name)?.members.map((member) => member.requestId) ?? []) : new Set<string>();
  members.delete(request.id);

  const found: { with: string; conflict: KnownConflict }[] = [];
  for (const conflict of facts.conflicts) {
    const other = conflict.a === request.id ? conflict.b : conflict.b === request.id ? conflict.a : undefined;
    if (other === undefined) continue;
    if (other === envKey) found.push({ with: target.name, conflict });
    else if (together.has(other)) found.push({ with: `${other} (promoted together)`, conflict });
    else if (members.has(other)) found.push({ with: `${other} (in ${target.name})`, conflict });
  }
  if (found.length === 0) {
    const resolved = (facts.resolutions ?? []).filter((use) => use.env === target.name && use.requestId === request.id);
    if (resolved.length > 0) {
      return { status: 'pass', message: `merges into ${target.name} only by applying ${describeResolutions(resolved)}.` };
    }
    return { status: 'pass', message: `no known conflict with ${target.name} or the requests promoted with ${request.id}.` };
  }
  const details = found.map((entry) => `${entry.with} in ${listPaths(entry.conflict.paths)}`).join('; ');
  return {
    status: 'fail',
    message: `${request.id} conflicts with ${details}; resolve it on ${request.branch} (relctl sync ${request.id}) and promote again.`,
  };
}
