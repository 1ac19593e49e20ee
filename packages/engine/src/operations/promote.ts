import {
  RuleDeniedError,
  assertRequestsOpen,
  StateError,
  UsageError,
  evaluatePromotion,
  planPromotion,
  validateRequestId,
  type Environment,
  type Facts,
  type Override,
  type Plan,
  type PromotionDecision,
} from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { addCandidateFacts } from '../conflicts/add-candidate-facts.js';
import { pinResolutions } from '../conflicts/pin-resolutions.js';
import { withSigners } from '../conflicts/with-signers.js';
import { branchRef, gatherFacts } from '../facts/gather-facts.js';
import type { GithubClient, PullRequest } from '../github/index.js';
import { boundedText } from '../shared/bounded-text.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { findEnvironment } from '../shared/find-environment.js';
import { findPromotionPullRequest, githubRepository, reviewApprovals, RULES_STATUS, type PromotionPullRequest } from '../shared/promotion-pull-request.js';
import { withRemoteRetry } from '../shared/remote-sync.js';
import { removedReleaseCommits, type RemovedReleaseCommits } from '../shared/removed-release-commits.js';
import { versionChangeNotes } from '../shared/version-change-notes.js';
import { preparePromotionBranch, type PromotionBranch } from '../shared/via-pr.js';

/**
 * Options of {@link promote}.
 *
 * @example
 * ```ts
 * const options: PromoteOptions = { session, requestIds: ['A', 'C'], to: 'prod', dryRun: true };
 * ```
 */
export interface PromoteOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The requests to promote, in the order given. */
  requestIds: string[];
  /** The target environment's name (`test`, `prod`…). */
  to: string;
  /** Rules to let pass, each with its reason (logged in the audit log). */
  overrides?: Override[];
  /** Add the requests' missing dependencies to the promotion. */
  withDeps?: boolean;
  /** Decide and plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** Production only: merge and release on a promotion branch and open a pull request. */
  viaPr?: boolean;
  /**
   * Production only: publish again commits someone removed from the production branch behind
   * relctl (the decision is recorded in the audit log). Without it such a promotion is refused.
   */
  republish?: boolean;
  /** The caller reports the outcome as one JSON document: no `decision`, `note` or `step` events. */
  json?: boolean;
}

/**
 * What {@link promote} did.
 *
 * @example
 * ```ts
 * const { decision, result }: PromoteResult = await promote({ session, requestIds: ['A'], to: 'test' });
 * ```
 */
export interface PromoteResult {
  target: Environment;
  /** The rules' verdict (on a refusal the thrown `RuleDeniedError` carries it in `data.decision`). */
  decision: PromotionDecision;
  /** The plan carried out (or previewed); `null` with `viaPr`. */
  plan: Plan | null;
  /** The run, `null` for a dry run or with `viaPr`. */
  result: RunResult | null;
}

/**
 * Promote requests into an environment, as `relctl promote <ids…> --to <env>` does: fetch, gather
 * the facts (trial merges into production, candidates, recorded resolutions), judge the rules,
 * and when they allow it carry out the plan (test: rebuild; prod: merge, release, rebuild test,
 * sync the rest) and push, retrying a lost push race. Reports `decision`, `note`, `step` and
 * `sync-conflict` events on the session. A denial throws `RuleDeniedError` (exit code 3) and
 * changes nothing.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir, onEvent: (event) => console.log(event.type) });
 * try {
 *   const { decision, result } = await promote({ session, requestIds: ['A', 'C'], to: 'prod' });
 *   console.log(decision.allowed, result?.state.release?.tagName);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function promote(options: PromoteOptions): Promise<PromoteResult> {
  const context = options.session;
  const ids = options.requestIds.map(String);
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  const viaPrWanted = options.viaPr === true;
  const overrides = options.overrides ?? [];
  ids.forEach((id) => validateRequestId(id));
  const target = findEnvironment(context.policy, options.to);
  overrides.forEach((override) => boundedText('reason', String(override.reason)));
  let viaPr = null as PromotionBranch | null;
  let review = null as PromotionPullRequest | null;
  let waiting = null as PromotionDecision | null;
  let outcome = null as PromoteResult | null;
  await withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    // A closed request waits for `request reopen`; nothing moves.
    assertRequestsOpen({ policy: context.policy, facts, requestIds: ids, action: 'promote' });
    const removed = target.kind === 'release' ? await removedReleaseCommits(context, facts.events, target) : null;
    if (removed && options.republish !== true) throw removedRefusal(removed, target.branch);
    if (target.kind === 'release') facts.conflicts.push(...(await trialMerges(context, facts, ids, target.branch)));
    const intent = { target: target.name, requestIds: ids, overrides, withDeps: options.withDeps === true };
    await addCandidateFacts({ context, facts, target, intent });
    const judge = () => evaluatePromotion({ policy: context.policy, facts, intent, customRules: context.customRules });
    let decision = judge();
    const onlyApproval = (verdict: PromotionDecision) =>
      !verdict.allowed && verdict.outcomes.filter((outcome) => outcome.status === 'fail' && !outcome.override).every((outcome) => outcome.rule === 'approved');
    if (viaPrWanted && target.kind === 'release' && !dryRun && onlyApproval(decision)) {
      // Reviews on the promotion pull request are approvals GitHub authenticated (as github:<login>).
      review = await findPromotionPullRequest(context, facts, ids, target);
      if (review?.pull) {
        facts.approvals.push(...(await reviewApprovals(context, review, target)));
        decision = judge();
      }
    }
    const command = `promote ${ids.join(' ')} --to ${target.name}`;
    let plan: Plan | null = null;
    if (decision.allowed) {
      // Which recorded resolutions the merges would apply decides the rules too: resolved content
      // must be covered by an approval (see the approved rule), so judge again when there is any.
      plan = planPromotion({ policy: context.policy, facts, intent, decision, command });
      const order = decision.order;
      const resolved = (await pinResolutions(context, plan)).filter((use) => use.env === target.name && order.includes(use.requestId));
      if (resolved.length > 0) {
        facts.resolutions = await withSigners(
          context,
          resolved.map(({ requestId, path, key, commit, by }) => ({ requestId, env: target.name, path, key, commit, by })),
        );
        await addCandidateFacts({ context, facts, target, intent, force: true });
        decision = judge();
      }
    }
    if (!json) context.emit({ type: 'decision', decision });
    // Through a pull request, a missing approval is what the pull request is for: it is prepared
    // (or kept) and waits for reviews; its relctl/rules status stays pending until they count.
    waiting = review !== null && onlyApproval(decision) ? decision : null;
    if (viaPrWanted && (decision.allowed || waiting !== null)) {
      // A pull request cannot fast-forward production to an approved candidate: without the
      // computed trees the planner merges and releases on the promotion branch as before.
      const prepared = waiting === null ? decision : { ...decision, allowed: true, denied: [] };
      viaPr = await preparePromotionBranch({ context, facts: { ...facts, candidates: [] }, intent, decision: prepared, command, dryRun, json });
      outcome = { target, decision, plan: viaPr?.plan ?? null, result: viaPr?.result ?? null };
      return;
    }
    if (!decision.allowed || plan === null) throw denial(decision, json);
    if (target.kind === 'release') plan.notes.push(...(await versionChangeNotes(context, facts, decision.order)));
    if (removed) recordRepublish(plan, removed, target.name, decision.order);
    const result = await executeOrPrint({ context, plan, dryRun, json });
    outcome = { target, decision, plan, result };
  });
  const opened = await (viaPr as PromotionBranch | null)?.publish();
  const github = opened ? (review ?? (await githubRepository(context))) : null;
  if (opened && github) await reportRules({ context, github, pull: opened.pullRequest, waiting, json, command: `promote ${ids.join(' ')} --to ${target.name} --via-pr` });
  if (outcome === null) throw new Error('promote: the retry loop ended without an outcome');
  return outcome;
}

/**
 * Set the promotion pull request's `relctl/rules` status (branch protection can require it):
 * success when the rules pass, reviews counted; pending, with what is missing, while approvals
 * are. A status GitHub refuses to take is a warning, never a failure of the promotion.
 */
async function reportRules(options: {
  context: CliContext;
  github: { client: GithubClient; owner: string; repo: string };
  pull: PullRequest;
  waiting: PromotionDecision | null;
  json: boolean;
  command: string;
}): Promise<void> {
  const { context, github, pull, waiting } = options;
  const missing = waiting?.outcomes.find((outcome) => outcome.status === 'fail' && !outcome.override)?.message ?? '';
  try {
    await github.client.setCommitStatus({
      owner: github.owner,
      repo: github.repo,
      sha: pull.headSha,
      state: waiting === null ? 'success' : 'pending',
      context: RULES_STATUS,
      description: waiting === null ? 'relctl rules pass' : `waiting for approval: ${missing}`,
    });
  } catch (error) {
    context.emit({
      type: 'warning',
      message: `could not set the ${RULES_STATUS} status of pull request #${pull.number}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (waiting !== null && !options.json) {
    context.emit({ type: 'pull-request-waiting', number: pull.number, missing, command: options.command, status: RULES_STATUS });
  }
}

/**
 * Pair each `--override <rule>` with its `--reason` (in order).
 *
 * @example
 * ```ts
 * pairOverrides(['approved'], ['hotfix, approved by phone']); // [{ rule: 'approved', reason: 'hotfix, approved by phone' }]
 * ```
 */
export function pairOverrides(rules: string[], reasons: string[]): Override[] {
  if (rules.length !== reasons.length) {
    throw new UsageError(`Each --override needs its own --reason (got ${rules.length} override(s), ${reasons.length} reason(s)).`, {});
  }
  return rules.map((rule, index) => ({ rule, reason: reasons[index] ?? '' }));
}

/** Trial-merge each request into the release branch tip, so `clean-merge` can tell before anything moves. */
/**
 * The refusal of a production promotion while the release branch lacks a release the log
 * records: the plan would build on this clone's branch, and push those commits again.
 */
function removedRefusal(removed: RemovedReleaseCommits, branch: string): StateError {
  const what = removed.release.version ? `release ${removed.release.version} (${removed.release.sha.slice(0, 7)})` : `release commit ${removed.release.sha.slice(0, 7)}`;
  const list = removed.commits
    .slice(0, 5)
    .map((sha) => sha.slice(0, 7))
    .join(', ');
  const more = removed.commits.length > 5 ? ` and ${removed.commits.length - 5} more` : '';
  return new StateError(
    `${removed.where} no longer holds ${what}, which the audit log says was released: someone moved ${branch} back, removing ${removed.commits.length} commit(s) (${list}${more}). ` +
      `Nothing changed. Published production history only moves forward: to publish them again with this promotion, add --republish (recorded in the audit log); to keep them out, revert them on ${branch} instead of removing them.`,
    { removed: removed.commits, release: removed.release.sha, where: removed.where },
  );
}

/** `--republish` over removed production commits: the decision goes into the audit log with the promotion. */
function recordRepublish(plan: Plan, removed: RemovedReleaseCommits, env: string, requestIds: string[]): void {
  const at = plan.steps.findIndex((step) => step.kind === 'record');
  const commits = removed.commits.map((sha) => sha.slice(0, 12));
  plan.steps.splice(at < 0 ? plan.steps.length : at, 0, {
    kind: 'record',
    event: {
      type: 'overridden',
      env,
      requestIds,
      reason: `--republish: publish again ${removed.commits.length} commit(s) removed from ${removed.where}`,
      data: { rule: 'republish', commits, release: removed.release.sha },
    },
  });
  plan.notes.push(
    `--republish: ${removed.where} lost ${removed.commits.length} released commit(s) (${commits.slice(0, 5).join(', ')}); this promotion publishes them again, and the audit log records that decision.`,
  );
}

async function trialMerges(context: CliContext, facts: Facts, ids: string[], branch: string): Promise<Facts['conflicts']> {
  const tip = await context.git.readRef(branchRef(branch));
  if (!tip) return [];
  const conflicts: Facts['conflicts'] = [];
  for (const id of ids) {
    const request = facts.requests.find((candidate) => candidate.id === id);
    if (!request) continue;
    const outcome = await context.git.mergeCommits(tip, request.head);
    if (!outcome.clean) conflicts.push({ a: id, b: `env:${facts.environments.find((env) => env.tip === tip)?.name ?? branch}`, paths: outcome.conflicts.map((c) => c.path) });
  }
  return conflicts;
}

/**
 * The refusal of a denied promotion: the first failing rule in the message, every failing one in
 * `data.outcomes`. The human output printed the rules table above it; a JSON answer has no table,
 * so there the message points at the data instead.
 */
function denial(decision: PromotionDecision, json: boolean): RuleDeniedError {
  const failing = decision.outcomes.filter((outcome) => outcome.status === 'fail' && !outcome.override);
  const first = failing[0];
  const summary = first ? `${first.requestId} is denied by rule "${first.rule}": ${first.message.replace(/[.\s]+$/, '')}` : 'the promotion is denied';
  const more = failing.length > 1 ? ` (and ${failing.length - 1} more; ${json ? 'see error.data.outcomes' : 'see the table above'})` : '';
  return new RuleDeniedError(`Nothing changed: ${summary}${more}. Fix it, or use --override <rule> --reason "…".`, {
    denied: decision.denied,
    outcomes: failing,
    decision,
  });
}
