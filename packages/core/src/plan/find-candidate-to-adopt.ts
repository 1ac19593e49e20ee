import type { ApprovedCandidate } from '../conflicts/approved-candidate.js';
import { approvedCandidatesFromEvents } from '../conflicts/approved-candidates-from-events.js';
import type { PromotionDecision } from '../model/decision.js';
import type { Environment } from '../model/environment.js';
import type { Facts } from '../model/facts.js';
import type { Request, Sha } from '../model/request.js';
import { isSuccessfulDeployment } from '../audit/is-successful-deployment.js';

/** Options of {@link findCandidateToAdopt}. */
export interface FindCandidateToAdoptOptions {
  facts: Facts;
  /** The release environment the promotion targets. */
  release: Environment;
  /** The rules' verdict on the promotion. */
  decision: PromotionDecision;
  /** The requests the promotion ships (not yet released), in merge order. */
  shipped: readonly Request[];
  /** The release branch's current tip. */
  tip: Sha;
}

/** What {@link findCandidateToAdopt} found: a candidate to fast-forward to, or why there is none. */
export type CandidateToAdopt = { kind: 'adopt'; approval: ApprovedCandidate & { commit: Sha } } | { kind: 'skip'; reason: string };

const RULE = 'verified-candidate';
const short = (sha: Sha): string => sha.slice(0, 7);
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const right = new Set(b);
  return new Set(a).size === right.size && a.every((id) => right.has(id));
};

/**
 * The approved candidate a release promotion can ship as it is (fast-forward the release branch
 * to the candidate's release commit) instead of merging and releasing again. Only when the
 * release environment checks `verified-candidate` and every outcome of that rule passed (none
 * overridden): among the candidates approved for the release environment with the tree the
 * promotion would produce (`facts.candidates`), the latest one that recorded its commit, ships
 * exactly the shipped requests at their current heads, and was built on the current release tip.
 * With `deployedTo`, candidates whose commit was deployed there come first.
 *
 * @returns `undefined` when the rule is not in play; `{ kind: 'skip', reason }` when an approved
 *   candidate has the tree but cannot be fast-forwarded to (the reason names what differs).
 * @example
 * ```ts
 * const found = findCandidateToAdopt({ facts, release: prod, decision, shipped: [A, C], tip: prodTip });
 * if (found?.kind === 'adopt') steps.push({ kind: 'adopt', ref, env: 'prod', requestIds: ['A', 'C'], commit: found.approval.commit });
 * ```
 */
export function findCandidateToAdopt(options: FindCandidateToAdoptOptions): CandidateToAdopt | undefined {
  const { facts, release, decision, shipped, tip } = options;
  const spec = release.rules.find((rule) => rule.rule === RULE);
  const outcomes = decision.outcomes.filter((outcome) => outcome.rule === RULE);
  if (spec === undefined || outcomes.length === 0 || outcomes.some((outcome) => outcome.status !== 'pass')) return undefined;
  if (shipped.length === 0) return undefined;
  const ids = shipped.map((request) => request.id);
  const trees = new Set(
    (facts.candidates ?? []).flatMap((entry) => (entry.env === release.name && entry.tree !== null && ids.every((id) => entry.requestIds.includes(id)) ? [entry.tree] : [])),
  );
  const approvals = approvedCandidatesFromEvents({ events: facts.events }).filter((approval) => approval.env === release.name && trees.has(approval.tree));
  if (approvals.length === 0) return undefined;
  const why = (approval: ApprovedCandidate): string | undefined => {
    if (approval.commit === undefined) return `its approval did not record the candidate's commit`;
    if (!sameSet(approval.requestIds, ids)) return `it ships ${approval.requestIds.join(', ')}, this promotion ${ids.join(', ')}`;
    for (const request of shipped) {
      const built = approval.shas[request.id];
      if (built !== request.head) return `${request.id} is at ${short(request.head)}, the candidate merged ${built === undefined ? 'an unknown head' : short(built)}`;
    }
    if (approval.base !== tip) {
      return `${release.branch} moved since it was built (${approval.base === undefined ? 'unknown' : short(approval.base)} -> ${short(tip)})`;
    }
    return undefined;
  };
  const deployedTo = spec.options?.['deployedTo'];
  const deployed = (approval: ApprovedCandidate): boolean =>
    typeof deployedTo === 'string' &&
    facts.events.some((event) => event.type === 'deployed' && isSuccessfulDeployment(event) && event.env === deployedTo && event.sha === approval.commit);
  const newestFirst = [...approvals].reverse();
  const ranked = [...newestFirst.filter(deployed), ...newestFirst.filter((approval) => !deployed(approval))];
  const adoptable = ranked.find((approval) => why(approval) === undefined);
  if (adoptable !== undefined && adoptable.commit !== undefined) return { kind: 'adopt', approval: { ...adoptable, commit: adoptable.commit } };
  const latest = ranked[0];
  if (latest === undefined) return undefined;
  return {
    kind: 'skip',
    reason: `No fast-forward to approved candidate ${latest.candidate}: ${why(latest) ?? 'it cannot be adopted'}; ${release.branch} gets new merges and a new release commit with the same tree.`,
  };
}
