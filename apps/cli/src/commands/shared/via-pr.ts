import {
  AUDIT_LOG_REF,
  UsageError,
  planPromotion,
  type Facts,
  type Plan,
  type PlanStep,
  type PromotionDecision,
  type PromotionIntent,
  type RecordStep,
  type Request,
  type Sha,
} from '@relctl/core';
import { previewRelease, renderPromotionNotes, type GoingRequest, type StayingRequest } from '@relctl/release-notes';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../../context/open-context.js';
import { remoteUrl } from '../../context/remote-url.js';
import { branchRef } from '../../facts/gather-facts.js';
import { createGithubClient, openPullRequest, readGithubSettings, type OpenPullRequestResult } from '../../github/index.js';
import { toJson } from '../../output/format.js';
import { executeOrPrint } from './execute-or-print.js';

/** Options of {@link preparePromotionBranch}: what `promote` decided, as it decided it. */
export interface PreparePromotionBranchOptions {
  context: CliContext;
  facts: Facts;
  intent: PromotionIntent;
  /** The allowed decision (`evaluatePromotion`), exactly as for a direct promotion. */
  decision: PromotionDecision;
  /** The command as typed, without `--via-pr`. */
  command: string;
  dryRun: boolean;
  json: boolean;
}

/** A prepared promotion branch; {@link PromotionBranch.publish} opens its pull request. */
export interface PromotionBranch {
  /** Short branch name, `relctl/promote/<version>`. */
  branch: string;
  version: string;
  title: string;
  /** The `relctl notes` markdown of the promotion: the pull request body. */
  body: string;
  plan: Plan;
  /** The run, `null` for a dry run. */
  result: RunResult | null;
  /**
   * Open or update the pull request when a GitHub repository and a token are known, else print
   * the body and how to open it. Call it after the remote work is done (outside the retry loop).
   */
  publish(): Promise<void>;
}

/**
 * `promote <ids…> --to prod --via-pr`: plan the promotion exactly like a direct one, then run
 * only its release-branch part (merges and release commit) on the promotion branch
 * `relctl/promote/<version>`, reset to the production tip first, instead of on production; record
 * `promoted` with `data.viaPr` (plus any overrides), move the branch and the log, push them. No
 * tag, no rebuild, no sync: `relctl after-merge` does those once the pull request is merged.
 * Returns `null` when nothing is left to release.
 *
 * @example
 * ```ts
 * const prepared = await preparePromotionBranch({ context, facts, intent, decision, command: 'promote A C --to prod', dryRun: false, json: false });
 * await prepared?.publish();
 * ```
 */
export async function preparePromotionBranch(options: PreparePromotionBranchOptions): Promise<PromotionBranch | null> {
  const { context, facts, intent, decision, command, dryRun, json } = options;
  const { io, policy } = context;
  const prod = policy.environments.find((env) => env.kind === 'release');
  if (!prod || intent.target !== prod.name) {
    throw new UsageError(`--via-pr opens a pull request into the release branch; use it with --to ${prod?.name ?? 'prod'}, or drop --via-pr.`, {
      target: intent.target,
    });
  }
  const direct = planPromotion({ policy, facts, intent, decision, command });
  const prodRef = branchRef(prod.branch);
  const moves = direct.steps.filter(
    (step): step is Extract<PlanStep, { kind: 'merge' | 'release' }> => (step.kind === 'merge' || step.kind === 'release') && step.ref === prodRef,
  );
  const prodTip = direct.expected[prodRef];
  if (moves.length === 0 || !prodTip) {
    if (json) io.stdout(toJson({ decision, plan: direct, dryRun, branch: null, pullRequest: null }));
    else for (const note of direct.notes) io.stdout(`note: ${note}\n`);
    return null;
  }
  const shipped = moves.flatMap((step) => (step.kind === 'merge' ? [step.requestId] : []));

  // The pull request body is what `relctl notes <ids>` prints for this promotion.
  const going = decision.order.filter((id) => shipped.includes(id)).map((id) => goingRequest(facts, id));
  const held = new Set(facts.environments.find((env) => env.name === prod.name)?.members.filter(atHead(facts)).map((member) => member.requestId));
  const staying = facts.requests
    .filter((request) => !held.has(request.id) && !going.some((item) => item.id === request.id))
    .map((request) => stayingRequest(request, decision));
  const preview = await previewRelease({ git: context.git, commit: prodTip, requests: going.map((item) => ({ id: item.id, head: item.sha })), tagPrefix: policy.tagPrefix });
  const notes = renderPromotionNotes({ env: prod.name, going, staying, version: preview.version, previousVersion: preview.previousVersion });
  const body = notes.markdown.endsWith('\n') ? notes.markdown : `${notes.markdown}\n`;
  const branch = `relctl/promote/${preview.version}`;
  const ref = branchRef(branch);
  const title = `Release ${preview.version} to ${prod.name}: ${going.map((item) => item.id).join(', ')}`;

  const requestRefs = facts.requests.filter((request) => shipped.includes(request.id)).map((request) => branchRef(request.branch));
  const current = await context.git.readRef(ref);
  const plan = promotionBranchPlan({ direct, moves, prodTip, ref, branch, env: prod.name, shipped, remote: policy.remote, current, requestRefs });
  plan.command = `${command} --via-pr`;
  if (!dryRun && policy.remote && context.remote && context.runOptions.leases) {
    // The branch is rewritten on every run: lease it at the value fetched from the remote.
    const tracking = context.remote.trackingRef(policy.remote, ref);
    context.runOptions.leases[ref] = tracking ? await context.git.readRef(tracking) : null;
  }
  // With --json a dry run prints one JSON document, from publish().
  const result = json && dryRun ? null : await executeOrPrint({ context, plan, dryRun, json });
  const version = result?.state.release?.version ?? preview.version;

  return {
    branch,
    version,
    title,
    body,
    plan,
    result,
    async publish() {
      const url = policy.remote ? (remoteUrl(context.repo.commonDir, policy.remote) ?? null) : null;
      const settings = readGithubSettings({ env: io.env, remoteUrl: url });
      const pushed = !dryRun && policy.remote !== null;
      let opened: OpenPullRequestResult | null = null;
      if (pushed && settings.token && settings.repository) {
        const client = createGithubClient({ apiUrl: settings.apiUrl, token: settings.token, warn: (text) => io.stderr(`warning: ${text}\n`) });
        opened = await openPullRequest({ client, ...settings.repository, base: prod.branch, head: branch, title, body });
      }
      if (json) {
        io.stdout(
          toJson({
            decision,
            plan,
            dryRun,
            branch,
            version,
            pushed,
            release: result?.state.release ?? null,
            pullRequest: opened ? { action: opened.action, ...opened.pullRequest } : null,
            title,
            body,
          }),
        );
        return;
      }
      const where = pushed ? `pushed to ${policy.remote}` : dryRun ? 'dry run: nothing written' : 'local only: this repository has no remote';
      io.stdout(`${dryRun ? 'Would prepare' : 'Prepared'} ${branch}: ${prod.branch} + ${shipped.join(', ')} + release ${version} (${where}); ${prod.branch} does not move until the pull request is merged.\n`);
      const finish = `Once it is merged, run "relctl after-merge" on ${prod.branch} (e.g. in CI) to tag ${policy.tagPrefix}${version}, rebuild the other environments and sync the other requests.\n`;
      if (opened) {
        const said = { created: 'Opened', updated: 'Updated the notes of', unchanged: 'Up to date:' }[opened.action];
        io.stdout(`${said} pull request #${opened.pullRequest.number}: ${opened.pullRequest.url}\n${finish}`);
        return;
      }
      const why = dryRun
        ? 'Dry run: no pull request opened.'
        : !pushed
          ? `Push ${branch} (git push <remote> ${branch}), then open the pull request:`
          : !settings.repository
            ? `${policy.remote} is not a GitHub repository relctl recognizes (set RELCTL_GITHUB_REPOSITORY=owner/repo if it is); open the pull request yourself:`
            : 'No GitHub token (set RELCTL_GIT_TOKEN, GITHUB_TOKEN or GH_TOKEN to let relctl open it); open the pull request yourself:';
      io.stdout(`${why}\n  base:  ${prod.branch}\n  head:  ${branch}\n  title: ${title}\n`);
      if (settings.repository) {
        const { owner, repo } = settings.repository;
        io.stdout(`  link:  ${settings.webUrl}/${owner}/${repo}/compare/${encodeURI(prod.branch)}...${encodeURI(branch)}?expand=1\n`);
      }
      if (!dryRun) io.stdout(finish);
      io.stdout(`The pull request body (relctl notes ${shipped.join(' ')} --to ${prod.name}):\n\n${body}`);
    },
  };
}

/** The release-branch steps of a direct plan, moved onto the promotion branch, then record, update refs, push. */
function promotionBranchPlan(options: {
  direct: Plan;
  moves: PlanStep[];
  prodTip: Sha;
  ref: string;
  branch: string;
  env: string;
  shipped: string[];
  remote: string | null;
  current: Sha | null;
  /** Full refs of the shipped requests. */
  requestRefs: string[];
}): Plan {
  const { direct, ref, shipped } = options;
  const expected: Record<string, Sha | null> = { [ref]: options.current, [AUDIT_LOG_REF]: direct.expected[AUDIT_LOG_REF] ?? null };
  // Request refs are only read (merges use the planned SHAs); listing them names them in the plan's lines.
  for (const name of options.requestRefs) {
    if (name in direct.expected) expected[name] = direct.expected[name] ?? null;
  }
  const shas: Record<string, Sha> = {};
  for (const step of options.moves) if (step.kind === 'merge') shas[step.requestId] = step.sha;
  const overrides = direct.steps.filter((step): step is RecordStep => step.kind === 'record' && step.event.type === 'overridden');
  const refs = [ref, AUDIT_LOG_REF];
  const steps: PlanStep[] = [
    { kind: 'reset', ref, to: { sha: options.prodTip } },
    ...options.moves.map((step) => ({ ...step, ref })),
    {
      kind: 'record',
      event: { type: 'promoted', env: options.env, requestIds: [...shipped], data: { viaPr: true, branch: options.branch, shas } },
      shaOf: ref,
      withRelease: true,
    },
    ...overrides,
    { kind: 'update-refs', refs },
    ...(options.remote ? [{ kind: 'push' as const, remote: options.remote, refs: [...refs] }] : []),
  ];
  const notes = [
    ...direct.notes,
    `Via pull request: ${options.branch} gets the merges and the release commit; the tag, the rebuilds and the syncs wait for "relctl after-merge".`,
  ];
  return { command: direct.command, expected, steps, notes };
}

function atHead(facts: Facts) {
  return (member: { requestId: string; sha: string }) => facts.requests.some((request) => request.id === member.requestId && request.head === member.sha);
}

function goingRequest(facts: Facts, id: string): GoingRequest {
  const request = facts.requests.find((candidate) => candidate.id === id) as Request;
  return {
    id,
    title: request.title,
    ...(request.requester ? { requester: request.requester } : {}),
    bump: request.changeset?.bump ?? 'none',
    note: request.changeset?.summary ?? request.title,
    sha: request.head,
  };
}

function stayingRequest(request: Request, decision: PromotionDecision): StayingRequest {
  const reasons = decision.outcomes
    .filter((outcome) => outcome.requestId === request.id && outcome.status === 'fail' && !outcome.override)
    .map((outcome) => `${outcome.rule}: ${outcome.message.replace(/[.\s]+$/, '')}`);
  return { id: request.id, title: request.title, reasons: reasons.length > 0 ? reasons : ['not chosen for this promotion'] };
}
