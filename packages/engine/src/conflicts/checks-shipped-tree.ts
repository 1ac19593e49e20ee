import { everyRuleSpec, type Environment } from '@relctl/core';

/**
 * Whether a release environment's rules judge the tree a promotion would ship, so the promotion
 * must compute it first: `verified-candidate`, or `checks` about the tree (its `of` option,
 * `tree` by default in the release environment).
 *
 * @example
 * ```ts
 * checksShippedTree({ name: 'prod', kind: 'release', branch: 'main', rules: [{ rule: 'checks', options: { required: ['e2e'] } }] }); // true
 * ```
 */
export function checksShippedTree(env: Environment): boolean {
  return env.kind === 'release' && everyRuleSpec(env).some((spec) => spec.rule === 'verified-candidate' || (spec.rule === 'checks' && (spec.options?.['of'] ?? 'tree') === 'tree'));
}
