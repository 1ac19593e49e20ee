import { MergeConflictError, candidateRef, planCandidate, shortSha, validateRequestId, type Facts, type MergeClosure, type Plan, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { findCandidateClosure } from '../conflicts/find-candidate-closure.js';
import { trialCandidate, type TrialCandidate } from '../conflicts/trial-candidate.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link candidate}.
 *
 * @example
 * ```ts
 * const options: CandidateOptions = { session, requestIds: ['A', 'C'], withDeps: true };
 * ```
 */
export interface CandidateOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The requests the candidate ships. */
  requestIds: string[];
  /** Candidate name (branch `candidate/<name>`); default the ids joined by `-`. */
  name?: string;
  /** Add declared dependencies, and the smallest set of test requests without which the subset does not merge. */
  withDeps?: boolean;
  /** Bound on trial merges when looking for the requests a subset needs (default 64). */
  maxTrials?: number;
  /** Build the tree on objects only and report the plan (`plan-preview`); move no ref. */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `step` or `plan-preview` events. */
  json?: boolean;
}

/**
 * What {@link candidate} built (or, for a dry run, would build).
 *
 * @example
 * ```ts
 * const { branch, tree, version }: CandidateResult = await candidate({ session, requestIds: ['A', 'C'] });
 * ```
 */
export interface CandidateResult {
  dryRun: boolean;
  /** The candidate's name. */
  candidate: string;
  /** `candidate/<name>`. */
  branch: string;
  /** The candidate commit; `null` for a dry run. */
  commit: Sha | null;
  /** The tree production would have. */
  tree: Sha;
  /** The release branch tip it is built on. */
  base: Sha;
  /** The requests merged, in order. */
  requestIds: string[];
  /** Each merged request's head. */
  shas: Record<string, Sha>;
  /** Requests `withDeps` added so the subset merges. */
  added: string[];
  /** Requests whose commits another merged request already carries. */
  contains: Array<{ request: string; contains: string }>;
  /** The release version it was built as, if it released. */
  version: string | null;
  plan: Plan;
}

/**
 * Build exactly what production would become after promoting these requests, on branch
 * `candidate/<name>`, as `relctl candidate <ids…>` does: release tip plus the requests, merged
 * and released the way a production promotion would. A subset that does not merge throws
 * `MergeConflictError` (changing nothing) naming the requests that would make it merge; with
 * `withDeps` they are added (a `progress` event says so).
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   const built = await candidate({ session, requestIds: ['A', 'C'] });
 *   console.log(built.branch, built.tree);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function candidate(options: CandidateOptions): Promise<CandidateResult> {
  const context = options.session;
  const ids = options.requestIds.map(String);
  ids.forEach((id) => validateRequestId(id));
  const dryRun = options.dryRun === true;
  const withDeps = options.withDeps === true;
  const name = options.name ?? ids.join('-');
  const ref = candidateRef({ name });
  let outcome: CandidateResult | null = null;
  await withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    let chosen = ids;
    let trial = await trialCandidate({ context, facts, requestIds: chosen, withDeps });
    let added: string[] = [];
    if (!trial.clean) {
      const { closure, pool } = await findCandidateClosure({ context, facts, chosen: ids, withDeps, maxTrials: options.maxTrials ?? 64 });
      if (!withDeps || closure.ids === null) throw conflictError(context, trial, closure, pool, ids);
      chosen = closure.ids;
      added = closure.added;
      trial = await trialCandidate({ context, facts, requestIds: chosen, withDeps: true });
      if (!trial.clean) throw conflictError(context, trial, closure, pool, ids);
      context.emit({
        type: 'progress',
        message: `${ids.join(', ')} do not merge without ${added.join(', ')}; the candidate includes ${added.length === 1 ? 'it' : 'them'} (--with-deps).`,
      });
    }
    await leaseCandidateBranch(context, ref);
    const built = planCandidate({
      policy: context.policy,
      facts,
      requestIds: chosen,
      name,
      current: await context.git.readRef(ref),
      withDeps,
      command: `candidate ${chosen.join(' ')} --name ${name}`,
    });
    const contains = await containedRequests(context, facts, built.merged);
    for (const line of contains) built.plan.notes.push(line.note);
    const result = await executeOrPrint({ context, plan: built.plan, dryRun, json: options.json === true });
    const commit = result ? (result.state.working[built.ref] ?? trial.commit) : trial.commit;
    const tree = result ? (await context.git.readCommit(commit)).tree : trial.tree;
    outcome = {
      dryRun,
      candidate: name,
      branch: `candidate/${name}`,
      commit: dryRun ? null : commit,
      tree,
      base: built.base,
      requestIds: built.merged,
      shas: built.shas,
      added,
      contains: contains.map(({ request, contains: inside }) => ({ request, contains: inside })),
      version: result?.state.release?.version ?? null,
      plan: built.plan,
    };
  });
  if (outcome === null) throw new Error('candidate: the retry loop ended without an outcome');
  return outcome;
}

/**
 * Candidate branches are rebuilt (not fast-forwarded) and are not among the refs the remote sync
 * leases, so lease the push on the remote-tracking value of the branch as fetched.
 */
async function leaseCandidateBranch(context: CliContext, ref: string): Promise<void> {
  const name = context.policy.remote;
  if (!name || !context.remote) return;
  const tracking = context.remote.trackingRef(name, ref);
  const theirs = tracking ? await context.git.readRef(tracking) : null;
  context.runOptions.leases = { ...(context.runOptions.leases ?? {}), [ref]: theirs };
}

/** Requests whose commits another merged request already carries (its head is an ancestor): shipping one ships both. */
async function containedRequests(context: CliContext, facts: Facts, merged: string[]): Promise<Array<{ request: string; contains: string; note: string }>> {
  const release = releaseEnvironment(context.policy);
  const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  const found: Array<{ request: string; contains: string; note: string }> = [];
  for (const id of merged) {
    const request = facts.requests.find((item) => item.id === id);
    if (!request) continue;
    for (const other of facts.requests) {
      if (merged.includes(other.id) || other.head === request.head) continue;
      if (tip !== null && (await context.git.isAncestor(other.head, tip))) continue;
      if (await context.git.isAncestor(other.head, request.head)) {
        found.push({
          request: id,
          contains: other.id,
          note: `${request.branch} contains ${other.branch} (its head ${shortSha(other.head)}): shipping ${id} ships ${other.id}'s changes too.`,
        });
      }
    }
  }
  return found;
}

function conflictError(context: CliContext, trial: TrialCandidate, closure: MergeClosure, pool: string | null, ids: string[]): MergeConflictError {
  const release = releaseEnvironment(context.policy);
  const failing = trial.clean ? '?' : trial.requestId;
  const paths = trial.clean ? [] : trial.conflicts.map((conflict) => conflict.path);
  const index = trial.order.indexOf(failing);
  const before = index > 0 ? ` + ${trial.order.slice(0, index).join(', ')}` : '';
  const what = `${failing} does not merge into ${release.branch}${before}: conflict in ${paths.join(', ') || '?'}`;
  const advice =
    closure.ids !== null
      ? `it merges together with ${closure.added.join(', ')} from ${pool ?? 'the source environment'}: run "relctl candidate ${closure.ids.join(' ')}", or add --with-deps`
      : closure.exhausted
        ? `no set of ${pool ?? 'source environment'} requests makes it merge; resolve it on its branch (relctl sync ${failing} --worktree), see "relctl conflicts"`
        : `no set found within ${closure.trials} trials (raise --max-trials); or resolve it on its branch (relctl sync ${failing} --worktree)`;
  return new MergeConflictError(`Nothing changed: ${what}; ${advice}.`, {
    requestIds: ids,
    requestId: failing,
    conflicts: trial.clean ? [] : trial.conflicts,
    closure: closure.ids,
    added: closure.added,
  });
}
