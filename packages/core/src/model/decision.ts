/** A rule's verdict on one request. */
export type RuleStatus = 'pass' | 'fail' | 'warn';

/** One rule's verdict on one request, as it appears in the decision table. */
export interface RuleOutcome {
  requestId: string;
  rule: string;
  status: RuleStatus;
  message: string;
  /** Set when a failing result was overridden; the status is then `warn`. */
  override?: { reason: string };
}

/** The result of checking a promotion against the target environment's rules. */
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
}
