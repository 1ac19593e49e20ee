/**
 * Lets one named rule pass despite failing, with a reason that is logged.
 *
 * @example
 * ```ts
 * const override: Override = { rule: 'soak', reason: 'hotfix for the checkout outage', requestId: 'C' };
 * ```
 */
export interface Override {
  rule: string;
  reason: string;
  /** Only for this request; all requests of the promotion when absent. */
  requestId?: string;
}

/**
 * What a person asked for: move these requests into that environment.
 *
 * @example
 * ```ts
 * const intent: PromotionIntent = { target: 'prod', requestIds: ['A', 'C'], overrides: [], withDeps: true };
 * const decision = evaluatePromotion({ policy, facts, intent });
 * ```
 */
export interface PromotionIntent {
  /** Target environment name. */
  target: string;
  /** Requests to promote, as given (the planner orders them). */
  requestIds: string[];
  overrides: Override[];
  /** Add missing dependencies to the set instead of refusing. */
  withDeps?: boolean;
}
