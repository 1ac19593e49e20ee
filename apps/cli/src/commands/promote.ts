import {
  RuleDeniedError,
  UsageError,
  evaluatePromotion,
  planPromotion,
  validateRequestId,
  type Facts,
  type Override,
  type Plan,
  type PromotionDecision,
} from '@relctl/core';
import type { CliContext } from '@relctl/engine/internal';
import { addCandidateFacts } from '@relctl/engine/internal';
import { pinResolutions } from '@relctl/engine/internal';
import { withSigners } from '@relctl/engine/internal';
import { gatherFacts, branchRef } from '@relctl/engine/internal';
import { renderDecision } from '../output/render-decision.js';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { executeOrPrint } from '@relctl/engine/internal';
import { findEnvironment } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { withRemoteRetry } from '@relctl/engine/internal';
import { preparePromotionBranch, type PromotionBranch } from '@relctl/engine/internal';
import { boundedText } from '@relctl/engine/internal';
import { versionChangeNotes } from '@relctl/engine/internal';
import { findPromotionPullRequest, githubRepository, reviewApprovals, RULES_STATUS, type PromotionPullRequest } from '@relctl/engine/internal';
import type { GithubClient, PullRequest } from '@relctl/engine/internal';

interface PromoteArgs {
  ids: string[];
  to: string;
  dryRun: boolean;
  override: string[];
  reason: string[];
  withDeps: boolean;
  viaPr: boolean;
}

/** `relctl promote <ids…> --to <env>`: check the rules, then merge, release, rebuild and sync. */
export const promoteCommand = defineCommand<PromoteArgs>({
  command: 'promote <ids..>',
  describe: 'Promote requests into an environment (test: rebuild; prod: merge, release, rebuild test, sync the rest)',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, describe: 'Request ids' })
      .option('to', { type: 'string', demandOption: true, describe: 'Target environment' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the decision and the plan; change nothing' })
      .option('override', { type: 'string', array: true, default: [], describe: 'Let a failing rule pass (needs --reason)' })
      .option('reason', { type: 'string', array: true, default: [], describe: 'Why the override is right (logged)' })
      .option('with-deps', { type: 'boolean', default: false, describe: 'Add missing dependencies to the promotion' })
      .option('via-pr', { type: 'boolean', default: false, describe: 'Prod only: put the merges and release on a branch and open a pull request; "relctl after-merge" finishes' })
      .example('$0 promote A B C D --to test', 'Put four requests on the test server')
      .example('$0 promote A C --to prod --dry-run', 'Show what shipping A and C would do')
      .example('$0 promote A C --to prod --via-pr', 'Ship A and C through a reviewed pull request'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const ids = args.ids.map(String);
      ids.forEach((id) => validateRequestId(id));
      const target = findEnvironment(context.policy, args.to);
      args.reason.forEach((reason) => boundedText('reason', String(reason)));
      const overrides = pairOverrides(args.override, args.reason);
      let viaPr = null as PromotionBranch | null;
      let review = null as PromotionPullRequest | null;
      let waiting = null as PromotionDecision | null;
      await withRemoteRetry(context, args.dryRun, async () => {
      const facts = await gatherFacts(context);
      if (target.kind === 'release') facts.conflicts.push(...(await trialMerges(context, facts, ids, target.branch)));
      const intent = { target: target.name, requestIds: ids, overrides, withDeps: args.withDeps };
      await addCandidateFacts({ context, facts, target, intent });
      const judge = () => evaluatePromotion({ policy: context.policy, facts, intent, customRules: context.customRules });
      let decision = judge();
      const onlyApproval = (verdict: PromotionDecision) =>
        !verdict.allowed && verdict.outcomes.filter((outcome) => outcome.status === 'fail' && !outcome.override).every((outcome) => outcome.rule === 'approved');
      if (args.viaPr && target.kind === 'release' && !args.dryRun && onlyApproval(decision)) {
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
          facts.resolutions = await withSigners(context, resolved.map(({ requestId, path, key, commit, by }) => ({ requestId, env: target.name, path, key, commit, by })));
          await addCandidateFacts({ context, facts, target, intent, force: true });
          decision = judge();
        }
      }
      if (!args.json) io.stdout(renderDecision(decision, context.io));
      // Through a pull request, a missing approval is what the pull request is for: it is prepared
      // (or kept) and waits for reviews; its relctl/rules status stays pending until they count.
      waiting = review !== null && onlyApproval(decision) ? decision : null;
      if (args.viaPr && (decision.allowed || waiting !== null)) {
        // A pull request cannot fast-forward production to an approved candidate: without the
        // computed trees the planner merges and releases on the promotion branch as before.
        const prepared = waiting === null ? decision : { ...decision, allowed: true, denied: [] };
        viaPr = await preparePromotionBranch({ context, facts: { ...facts, candidates: [] }, intent, decision: prepared, command, dryRun: args.dryRun, json: args.json });
        return;
      }
      if (!decision.allowed || plan === null) throw denial(decision, args.json);
      if (target.kind === 'release') plan.notes.push(...(await versionChangeNotes(context, facts, decision.order)));
      const result = await executeOrPrint({ context, plan, dryRun: args.dryRun, json: args.json });
      if (args.json) {
        io.stdout(toJson({ decision, plan, dryRun: args.dryRun, release: result?.state.release ?? null, syncConflicts: result?.state.syncConflicts ?? [] }));
      } else if (result?.state.release) {
        io.stdout(`Released ${result.state.release.tagName} to ${target.name}.\n`);
      } else if (result) {
        io.stdout(`Promoted ${decision.order.join(', ')} to ${target.name}.\n`);
      }
      });
      const opened = await viaPr?.publish();
      const github = opened ? (review ?? (await githubRepository(context))) : null;
      if (opened && github) await reportRules({ context, github, pull: opened.pullRequest, waiting, json: args.json, command: `promote ${ids.join(' ')} --to ${target.name} --via-pr` });
    }),
});

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
    context.io.stderr(`warning: could not set the ${RULES_STATUS} status of pull request #${pull.number}: ${error instanceof Error ? error.message : String(error)}
`);
  }
  if (waiting !== null && !options.json) {
    context.io.stdout(
      `Waiting for approval on pull request #${pull.number}: ${missing.replace(/[.\s]+$/, '')}. An approving review there counts; run "relctl ${options.command}" again after it to mark the pull request ready (${RULES_STATUS}).\n`,
    );
  }
}

function pairOverrides(rules: string[], reasons: string[]): Override[] {
  if (rules.length !== reasons.length) {
    throw new UsageError(`Each --override needs its own --reason (got ${rules.length} override(s), ${reasons.length} reason(s)).`, {});
  }
  return rules.map((rule, index) => ({ rule, reason: reasons[index] ?? '' }));
}

/** Trial-merge each request into the release branch tip, so `clean-merge` can tell before anything moves. */
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
