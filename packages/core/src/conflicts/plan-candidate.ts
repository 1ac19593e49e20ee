import { UsageError } from '../errors/index.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import { planPromotion } from '../plan/plan-promotion.js';
import type { MergeStep, Plan, PlanStep, ReleaseStep } from '../plan/plan-step.js';
import { evaluatePromotion } from '../policy/evaluate-promotion.js';
import { candidateRef } from './candidate-ref.js';

/**
 * Options of {@link planCandidate}.
 *
 * @example
 * ```ts
 * planCandidate({ policy, facts, requestIds: ['A', 'C'], name: 'A-C', current: null, withDeps: true, command: 'candidate A C' });
 * ```
 */
export interface PlanCandidateOptions {
  policy: Policy;
  facts: Facts;
  /** The requests to ship together, as a person named them. */
  requestIds: readonly string[];
  /** Candidate name; the branch is `candidate/<name>`. */
  name: string;
  /** Current value of the candidate branch (`null`: it does not exist yet). */
  current: Sha | null;
  /** Add declared dependencies the release environment does not hold yet (like `promote --with-deps`). */
  withDeps?: boolean;
  /**
   * Only build the objects (no `update-refs`, no `push`): used to compute the tree a promotion
   * would produce without moving anything.
   */
  trial?: boolean;
  command: string;
}

/**
 * What {@link planCandidate} returns.
 *
 * @example
 * ```ts
 * const { plan, ref, merged }: CandidatePlan = planCandidate({ policy, facts, requestIds: ['A', 'C'], name: 'A-C', current: null, command: 'candidate A C' });
 * console.log(ref, merged); // 'refs/heads/candidate/A-C' ['A', 'C']
 * ```
 */
export interface CandidatePlan {
  plan: Plan;
  /** `refs/heads/candidate/<name>`. */
  ref: string;
  /** The requests of the promotion, in its order (dependencies first, then as given), released ones included. */
  order: string[];
  /** The requests actually merged (those not yet released), in merge order. */
  merged: string[];
  /** The release environment's tip the candidate starts from. */
  base: Sha;
  /** Each merged request's head. */
  shas: Record<string, Sha>;
}

/**
 * Plan a candidate: the exact commits a promotion of `requestIds` into the release environment
 * would make, on branch `candidate/<name>` instead. The merge and release steps are taken from
 * `planPromotion` itself (same order, same heads, same messages and trailers, same release), run
 * against the candidate ref reset to the release tip; no tag, sync, rebuild or event. A candidate
 * can then be deployed and tested like an environment branch, and approved by its tree.
 *
 * @throws UsageError when the name is not a valid branch name, the release branch does not exist,
 *   or every request is already released.
 * @throws NotFoundError when a request does not exist; DependencyCycleError for a dependency cycle.
 * @example
 * ```ts
 * const { plan, ref } = planCandidate({ policy, facts, requestIds: ['A', 'C'], name: 'A-C', current: null, command: 'candidate A C' });
 * // plan.steps: reset candidate/A-C to main's tip, merge req/A, merge req/C, release A, C, update refs, push
 * ```
 */
export function planCandidate(options: PlanCandidateOptions): CandidatePlan {
  const { policy, facts, command } = options;
  const ref = candidateRef({ name: options.name });
  const release = policy.environments.find((env) => env.kind === 'release');
  if (release === undefined) throw new UsageError('The policy has no release environment; add one environment with kind "release".', {});
  const releaseRef = `refs/heads/${release.branch}`;
  if (ref === releaseRef) throw new UsageError(`A candidate cannot be built on ${release.branch} itself; choose another --name.`, {});
  const base = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  if (base === null) {
    throw new UsageError(`The ${release.name} branch ${release.branch} does not exist; run "relctl init" first.`, { env: release.name });
  }
  // The order and the steps are the promotion's own: evaluate without rules (a candidate is built
  // before the rules can pass), then plan the promotion and keep its merges and its release.
  const unruled: Policy = {
    ...policy,
    environments: policy.environments.map((env) => (env.name === release.name ? { ...env, rules: [] } : env)),
  };
  const intent = { target: release.name, requestIds: [...options.requestIds], overrides: [], withDeps: options.withDeps ?? false };
  const decision = evaluatePromotion({ policy: unruled, facts, intent });
  const promotion = planPromotion({ policy: unruled, facts, intent, decision, command });
  const merges = promotion.steps.filter((step): step is MergeStep => step.kind === 'merge' && step.ref === releaseRef);
  const releaseStep = promotion.steps.find((step): step is ReleaseStep => step.kind === 'release' && step.ref === releaseRef);
  if (merges.length === 0 || releaseStep === undefined) {
    throw new UsageError(`Every request named (${decision.order.join(', ')}) is already in ${release.name}; a candidate needs at least one request to ship.`, {
      requestIds: decision.order,
    });
  }
  const expected: Record<string, Sha | null> = { [ref]: options.current, [releaseRef]: base };
  const shas: Record<string, Sha> = {};
  for (const merge of merges) {
    shas[merge.requestId] = merge.sha;
    for (const [name, value] of Object.entries(promotion.expected)) {
      if (value === merge.sha && name !== releaseRef) expected[name] = value;
    }
  }
  const steps: PlanStep[] = [{ kind: 'reset', ref, to: { sha: base } }, ...merges.map((merge): MergeStep => ({ ...merge, ref })), { ...releaseStep, ref }];
  if (options.trial !== true) {
    steps.push({ kind: 'update-refs', refs: [ref] });
    if (policy.remote !== null) steps.push({ kind: 'push', remote: policy.remote, refs: [ref] });
  }
  const merged = new Set(merges.map((merge) => merge.requestId));
  const notes = decision.order.filter((id) => !merged.has(id)).map((id) => `${id} is already in ${release.name}; not merged into the candidate.`);
  const added = decision.order.filter((id) => !options.requestIds.includes(id));
  if (added.length > 0) notes.push(`Dependencies added: ${added.join(', ')}.`);
  return {
    plan: { command, expected, steps, notes },
    ref,
    order: [...decision.order],
    merged: merges.map((merge) => merge.requestId),
    base,
    shas,
  };
}
