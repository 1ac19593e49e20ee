import type { Sha } from '../model/request.js';

/**
 * A candidate approved for an environment: what `relctl approve --candidate <name> --for <env>`
 * records (an `approved` event with `data.candidate` and `data.tree`, and no `sha`, so it never
 * counts as an approval of a request head).
 *
 * @example
 * ```ts
 * const [approval]: ApprovedCandidate[] = approvedCandidatesFromEvents({ events: facts.events });
 * console.log(approval?.candidate, approval?.env, approval?.requestIds); // 'A-C' 'prod' ['A', 'C']
 * ```
 */
export interface ApprovedCandidate {
  /** Candidate name (`candidate/<name>`). */
  candidate: string;
  /** The environment the candidate is approved for (the release environment). */
  env: string;
  /** Tree of the candidate's release commit: the bytes that were tested. */
  tree: Sha;
  /** The candidate's release commit, when recorded. */
  commit?: Sha;
  /** The release environment's tip the candidate was built on, when recorded. */
  base?: Sha;
  /** The requests the candidate ships, in merge order. */
  requestIds: string[];
  /** Each request's head as merged into the candidate, when recorded. */
  shas: Record<string, Sha>;
  /** Who approved (`Name <email>`). */
  by: string;
  /** Epoch milliseconds. */
  at: number;
  /** The audit-log commit of the approval (its signature is checked by that id). */
  id?: Sha;
}
