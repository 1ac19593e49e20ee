import type { PromotionDecision, RuleStatus } from '@relctl/core';
import type { Io } from '../io.js';
import { colorsFor } from './colors.js';
import { renderTable } from './table.js';
import { printable } from './printable.js';

/** The decision table printed before every promotion: one row per request and rule; the header names hotfixes checked against `hotfixRules`. */
export function renderDecision(decision: PromotionDecision, io: Io): string {
  if (decision.outcomes.length === 0) return `No rules apply to ${decision.target}.\n`;
  const colors = colorsFor(io);
  const paint: Record<RuleStatus, (text: string) => string> = { pass: colors.green, warn: colors.yellow, fail: colors.red };
  const rows = decision.outcomes.map((outcome) => [
    outcome.requestId,
    outcome.rule,
    paint[outcome.status](outcome.override ? `${outcome.status} (overridden)` : outcome.status),
    printable(outcome.override ? `${outcome.message} — override: ${outcome.override.reason}` : outcome.message),
  ]);
  // A hotfix was checked against the environment's lighter hotfixRules: say so above the table.
  const hotfix = decision.hotfixRules?.length ? ` (hotfix rules for ${decision.hotfixRules.join(', ')})` : '';
  return `Rules for ${decision.target}${hotfix}:\n${renderTable(['request', 'rule', 'result', 'why'], rows)}`;
}
