import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import type { Plan } from '../plan/plan-step.js';
import { planRecord } from '../plan/plan-record.js';
import { UsageError } from '../errors/index.js';

/**
 * Options of {@link planCandidateApproval}.
 *
 * @example
 * ```ts
 * const candidate = { name: 'A-C', commit, tree, base, requestIds: ['A', 'C'], shas: { A: a, C: c } };
 * planCandidateApproval({ policy, facts, env: 'prod', candidate, by: 'Kim <kim@example.com>', command: 'approve --candidate A-C --for prod' });
 * ```
 */
export interface PlanCandidateApprovalOptions {
  policy: Policy;
  facts: Facts;
  /** Environment the approval is for (the release environment). */
  env: string;
  candidate: {
    name: string;
    /** The candidate's release commit. */
    commit: Sha;
    /** Its tree: what the approval pins. */
    tree: Sha;
    /** The release tip it was built on. */
    base: Sha;
    /** The requests it ships, in merge order. */
    requestIds: string[];
    /** Each request's head as merged. */
    shas: Record<string, Sha>;
  };
  /** `Name <email>` of the approver. */
  by: string;
  command: string;
}

/**
 * Plan recording a tree-pinned approval of a candidate: one `approved` event for `env` with
 * `data: { candidate, tree, commit, base, shas, by }` and the candidate's requests, and no `sha`
 * (so it is not an approval of any request head). The `verified-candidate` rule reads it.
 *
 * @throws UsageError when `env` is not an environment of the policy or the candidate ships nothing.
 * @example
 * ```ts
 * planCandidateApproval({ policy, facts, env: 'prod', candidate, by: 'Kim <kim@x.io>', command: 'approve --candidate A-C --for prod' });
 * ```
 */
export function planCandidateApproval(options: PlanCandidateApprovalOptions): Plan {
  const { policy, facts, env, candidate, by, command } = options;
  if (!policy.environments.some((item) => item.name === env)) {
    const known = policy.environments.map((item) => item.name).join(', ');
    throw new UsageError(`There is no environment "${env}"; use one of: ${known}.`, { env });
  }
  if (candidate.requestIds.length === 0) {
    throw new UsageError(`Candidate ${candidate.name} ships no request; build it with "relctl candidate <ids…> --name ${candidate.name}".`, {
      candidate: candidate.name,
    });
  }
  return planRecord({
    policy,
    facts,
    command,
    event: {
      type: 'approved',
      env,
      requestIds: [...candidate.requestIds],
      data: {
        candidate: candidate.name,
        tree: candidate.tree,
        commit: candidate.commit,
        base: candidate.base,
        shas: { ...candidate.shas },
        by,
      },
    },
  });
}
