/**
 * A rule's verdict on one request.
 *
 * @example
 * ```ts
 * const status: RuleStatus = hours >= 24 ? 'pass' : 'fail';
 * ```
 */
export type RuleStatus = 'pass' | 'fail' | 'warn';

/**
 * One rule's verdict on one request, as it appears in the decision table.
 *
 * @example
 * ```ts
 * const outcome: RuleOutcome = { requestId: 'C', rule: 'soak', status: 'fail', message: 'in test for 3h, needs 24h' };
 * ```
 */
export interface RuleOutcome {
  requestId: string;
  rule: string;
  status: RuleStatus;
  message: string;
  /** Set when a failing result was overridden; the status is then `warn`. */
  override?: { reason: string };
}

/**
 * The result of checking a promotion against the target environment's rules.
 *
 * @example
 * ```ts
 * const decision: PromotionDecision = evaluatePromotion({ policy, facts, intent });
 * if (!decision.allowed) console.log(`denied: ${decision.denied.join(', ')}`);
 * ```
 */
export interface PromotionDecision {
  target: string;
  /** True when no request is denied. */
  allowed: boolean;
  /** Every rule outcome, grouped by request in the order of `order`. */
  outcomes: RuleOutcome[];
  /** Requests with at least one failing, non-overridden `error` rule. */
  denied: string[];
  /** The requests to promote in dependency order (dependencies first, then as given). */
  order: string[];
  /**
   * Hotfix requests that were checked against the target's `hotfixRules` instead of its `rules`
   * (see `rulesForRequest`); absent when none was.
   */
  hotfixRules?: string[];
}
