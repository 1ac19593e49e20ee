import { approvedCandidatesFromEvents } from '../conflicts/approved-candidates-from-events.js';
import type { ApprovedCandidate } from '../conflicts/approved-candidate.js';
import type { PlannedResolution } from '../model/facts.js';
import type { RuleContext } from './rule.js';

/**
 * What {@link resolutionCoverage} found for one request of a promotion.
 *
 * @example
 * ```ts
 * const { resolved, covering }: ResolutionCoverage = resolutionCoverage({ context, counts: () => true });
 * ```
 */
export interface ResolutionCoverage {
  /** The recorded resolutions the request's merge into the target applies (empty: none). */
  resolved: PlannedResolution[];
  /** The approved candidate whose tree is exactly what the promotion produces, when there is one. */
  covering?: ApprovedCandidate;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => new Set(a).size === new Set(b).size && a.every((id) => b.includes(id));

/**
 * Whether resolved content in a promotion is covered by an approval. A recorded resolution is
 * code in neither the request's approved head nor the target branch; an approval covers it only
 * when it pins the result: a candidate approved for the target (`relctl approve --candidate`) whose
 * tree is the tree this promotion produces (`facts.candidates`, as for `verified-candidate`).
 * `counts` says which candidate approvals count (e.g. only signed ones).
 *
 * @example
 * ```ts
 * const { resolved, covering } = resolutionCoverage({ context, counts: () => true });
 * if (resolved.length > 0 && covering === undefined) return { status: 'fail', message: '…' };
 * ```
 */
export function resolutionCoverage(options: { context: RuleContext; counts: (approval: ApprovedCandidate) => boolean }): ResolutionCoverage {
  const { request, target, facts, intent } = options.context;
  const resolved = (facts.resolutions ?? []).filter((use) => use.env === target.name && use.requestId === request.id);
  if (resolved.length === 0) return { resolved };
  const computed = (facts.candidates ?? []).find((entry) => entry.env === target.name && sameSet(entry.requestIds, intent.requestIds));
  if (computed === undefined || computed.tree === null) return { resolved };
  const covering = approvedCandidatesFromEvents({ events: facts.events })
    .filter((approval) => approval.env === target.name && approval.requestIds.includes(request.id) && approval.tree === computed.tree && options.counts(approval))
    .at(-1);
  return covering === undefined ? { resolved } : { resolved, covering };
}
