import type { PromotionDecision, RuleStatus } from '../model/decision.js';

/**
 * One row of a decision table, ready to print.
 *
 * @example
 * ```ts
 * const row: DecisionTableRow = { request: 'B', rule: 'approved', status: 'fail', message: 'B has no approval for prod …' };
 * ```
 */
export interface DecisionTableRow {
  request: string;
  rule: string;
  status: RuleStatus;
  /** The rule's message; an override's reason is appended as `(overridden: <reason>)`. */
  message: string;
}

const SEVERITY: Record<RuleStatus, number> = { fail: 0, warn: 1, pass: 2 };

/**
 * A promotion decision as table rows: requests in promotion order, and within a request the
 * failures first, then warnings, then passes (each group in the configured rule order). No
 * colours or widths; the CLI renders them.
 *
 * @example
 * ```ts
 * formatDecisionTable(decision);
 * // [{ request: 'B', rule: 'approved', status: 'fail', message: 'B has no approval for prod of its head 1a2b3c4; …' }, …]
 * ```
 */
export function formatDecisionTable(decision: PromotionDecision): DecisionTableRow[] {
  const position = new Map(decision.order.map((id, index) => [id, index]));
  return decision.outcomes
    .map((outcome, index) => ({ outcome, index }))
    .sort(
      (a, b) =>
        (position.get(a.outcome.requestId) ?? Number.MAX_SAFE_INTEGER) - (position.get(b.outcome.requestId) ?? Number.MAX_SAFE_INTEGER) ||
        SEVERITY[a.outcome.status] - SEVERITY[b.outcome.status] ||
        a.index - b.index,
    )
    .map(({ outcome }) => ({
      request: outcome.requestId,
      rule: outcome.rule,
      status: outcome.status,
      message: outcome.override ? `${outcome.message} (overridden: ${outcome.override.reason})` : outcome.message,
    }));
}
