import type { z } from 'zod';
import type { RuleRegistry } from './rule.js';
import { approved, approvedOptionsSchema } from './approved.js';
import { checks, checksOptionsSchema } from './checks.js';
import { changeset, changesetOptionsSchema } from './changeset.js';
import { cleanMerge, cleanMergeOptionsSchema } from './clean-merge.js';
import { dependsOn, dependsOnOptionsSchema } from './depends-on.js';
import { freeze, freezeOptionsSchema } from './freeze.js';
import { maxAge, maxAgeOptionsSchema } from './max-age.js';
import { soak, soakOptionsSchema } from './soak.js';
import { testedIn, testedInOptionsSchema } from './tested-in.js';
import { verifiedCandidate, verifiedCandidateOptionsSchema } from './verified-candidate.js';

/**
 * Names of the rules relctl ships.
 *
 * @example
 * ```ts
 * BUILT_IN_RULE_NAMES.length; // 10
 * ```
 */
export const BUILT_IN_RULE_NAMES = ['tested-in', 'approved', 'soak', 'max-age', 'freeze', 'depends-on', 'changeset', 'clean-merge', 'verified-candidate', 'checks'] as const;

/**
 * One of {@link BUILT_IN_RULE_NAMES}.
 *
 * @example
 * ```ts
 * const name: BuiltInRuleName = 'freeze';
 * ```
 */
export type BuiltInRuleName = (typeof BUILT_IN_RULE_NAMES)[number];

/**
 * The built-in rules by name. Custom rules from a JS/TS config are looked up next to these
 * and may not reuse their names.
 *
 * @example
 * ```ts
 * const result = builtInRules['tested-in']!(context);
 * ```
 */
export const builtInRules: RuleRegistry & Readonly<Record<BuiltInRuleName, RuleRegistry[string]>> = Object.freeze({
  'tested-in': testedIn,
  approved,
  soak,
  'max-age': maxAge,
  freeze,
  'depends-on': dependsOn,
  changeset,
  'clean-merge': cleanMerge,
  'verified-candidate': verifiedCandidate,
  checks,
});

/**
 * Each built-in rule's option schema (zod). `validateConfig` checks `options` with these and
 * stores the parsed result (defaults filled in) in the policy; `configJsonSchema` documents them.
 *
 * @example
 * ```ts
 * ruleOptionSchemas.soak.safeParse({ hours: 24 }).success; // true
 * ```
 */
export const ruleOptionSchemas: Readonly<Record<BuiltInRuleName, z.ZodType<Record<string, unknown>>>> = Object.freeze({
  'tested-in': testedInOptionsSchema,
  approved: approvedOptionsSchema,
  soak: soakOptionsSchema,
  'max-age': maxAgeOptionsSchema,
  freeze: freezeOptionsSchema,
  'depends-on': dependsOnOptionsSchema,
  changeset: changesetOptionsSchema,
  'clean-merge': cleanMergeOptionsSchema,
  'verified-candidate': verifiedCandidateOptionsSchema,
  checks: checksOptionsSchema,
});

/**
 * Whether `name` is one of the built-in rules.
 *
 * @example
 * ```ts
 * isBuiltInRuleName('soak'); // true
 * ```
 */
export function isBuiltInRuleName(name: string): name is BuiltInRuleName {
  return (BUILT_IN_RULE_NAMES as readonly string[]).includes(name);
}
