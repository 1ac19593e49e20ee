import {
  approvedCandidatesFromEvents,
  candidateMergeCommit,
  pinPromotionToCandidate,
  type Facts,
  type Plan,
  type PromotionDecision,
} from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { branchRef, releaseEnvironment } from '../facts/gather-facts.js';
import { checksVerifiedCandidate } from './checks-verified-candidate.js';

/** Options of {@link pinToApprovedCandidate}. */
export interface PinToApprovedCandidateOptions {
  context: CliContext;
  facts: Facts;
  decision: PromotionDecision;
  plan: Plan;
}

/**
 * When a release promotion checks `verified-candidate` and an approved candidate has the tree the
 * promotion would produce, and its commits are exactly the merges the promotion would make on the
 * current release tip: ship those commits (fast-forward to the candidate's merges, then the
 * release, whose tree is the candidate's). Otherwise the plan is returned as it is.
 */
export async function pinToApprovedCandidate(options: PinToApprovedCandidateOptions): Promise<Plan> {
  const { context, facts, decision, plan } = options;
  const release = releaseEnvironment(context.policy);
  if (decision.target !== release.name || !checksVerifiedCandidate(release)) return plan;
  const tree = facts.candidates?.find((entry) => entry.env === release.name)?.tree ?? null;
  const base = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  if (tree === null || base === null) return plan;
  const ref = branchRef(release.branch);
  const merges = plan.steps.flatMap((step) => (step.kind === 'merge' && step.ref === ref ? [{ requestId: step.requestId, sha: step.sha }] : []));
  if (merges.length === 0) return plan;
  const approvals = approvedCandidatesFromEvents({ events: facts.events }).filter((approval) => approval.env === release.name && approval.tree === tree);
  for (const approval of approvals.reverse()) {
    if (approval.commit === undefined) continue;
    let commits;
    try {
      commits = await context.git.firstParentHistory(approval.commit, { limit: merges.length + 1 });
    } catch {
      continue; // The candidate's objects are not in this clone (approved elsewhere, never fetched).
    }
    const commit = candidateMergeCommit({ commits, base, merges });
    if (commit !== null) return pinPromotionToCandidate({ plan, ref, commit, candidate: approval.candidate });
  }
  return plan;
}
