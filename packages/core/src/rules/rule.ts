import type { RuleStatus } from '../model/decision.js';
import type { Environment } from '../model/environment.js';
import type { Facts } from '../model/facts.js';
import type { PromotionIntent } from '../model/intent.js';
import type { Policy } from '../model/policy.js';
import type { Request } from '../model/request.js';

/**
 * What a rule sees when it checks one request of a promotion.
 *
 * @example
 * ```ts
 * const sameSource: Rule = (context: RuleContext) =>
 *   context.source ? { status: 'pass', message: `from ${context.source.name}` } : { status: 'warn', message: 'no source environment' };
 * ```
 */
export interface RuleContext {
  request: Request;
  /** The environment the request is promoted into. */
  target: Environment;
  /** The target's source environment, when it has one. */
  source: Environment | undefined;
  policy: Policy;
  facts: Facts;
  intent: PromotionIntent;
  /** The rule's options from the config (already validated by the rule's option schema when it has one). */
  options: Record<string, unknown>;
}

/**
 * A rule's verdict and the one human-readable line explaining it.
 *
 * @example
 * ```ts
 * const result: RuleResult = { status: 'warn', message: 'no ticket number in the title' };
 * ```
 */
export interface RuleResult {
  status: RuleStatus;
  message: string;
}

/**
 * A rule: a pure function of its context. Custom rules in a JS/TS config have this same shape.
 *
 * @example
 * ```ts
 * const hasTitle: Rule = ({ request }) =>
 *   request.title.length > 0 ? { status: 'pass', message: 'has a title' } : { status: 'fail', message: 'no title' };
 * ```
 */
export type Rule = (context: RuleContext) => RuleResult;

/**
 * Rules by name.
 *
 * @example
 * ```ts
 * const customRules: RuleRegistry = { 'has-ticket': ({ request }) => ({ status: /#\d+/.test(request.title) ? 'pass' : 'fail', message: 'ticket in title' }) };
 * evaluatePromotion({ policy, facts, intent, customRules });
 * ```
 */
export type RuleRegistry = Readonly<Record<string, Rule>>;
