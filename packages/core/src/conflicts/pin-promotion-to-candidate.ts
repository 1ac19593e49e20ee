import type { Sha } from '../model/request.js';
import type { Plan, PlanStep } from '../plan/plan-step.js';

/** Options of {@link pinPromotionToCandidate}. */
export interface PinPromotionToCandidateOptions {
  /** A promotion plan into the release environment (from `planPromotion`). */
  plan: Plan;
  /** The release branch ref, e.g. `refs/heads/main`. */
  ref: string;
  /** The approved candidate's last merge commit (see `candidateMergeCommit`). */
  commit: Sha;
  /** Candidate name, for the plan's note. */
  candidate: string;
}

/**
 * Make a release promotion ship the approved candidate's own commits: its merge steps into the
 * release branch become one `reset` to the candidate's last merge commit (a fast-forward: that
 * commit descends from the release tip), and the release, tag, syncs and rebuilds follow as
 * planned. The release commit is cut from the same tree as the candidate's, so it has the
 * candidate's tree. A plan without merges into `ref` is returned as it is.
 *
 * @example
 * ```ts
 * const pinned = pinPromotionToCandidate({ plan, ref: 'refs/heads/main', commit: mergeTip, candidate: 'A-C' });
 * ```
 */
export function pinPromotionToCandidate(options: PinPromotionToCandidateOptions): Plan {
  const { plan, ref, commit, candidate } = options;
  const index = plan.steps.findIndex((step) => step.kind === 'merge' && step.ref === ref);
  if (index < 0) return plan;
  const steps: PlanStep[] = [];
  plan.steps.forEach((step, position) => {
    if (position === index) steps.push({ kind: 'reset', ref, to: { sha: commit } });
    else if (!(step.kind === 'merge' && step.ref === ref)) steps.push(step);
  });
  const branch = ref.replace(/^refs\/heads\//, '');
  return {
    ...plan,
    steps,
    notes: [...plan.notes, `Ships approved candidate ${candidate}: ${branch} fast-forwards to its merges (${commit.slice(0, 7)}), then the release.`],
  };
}
