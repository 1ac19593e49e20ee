import { atHead, goingRequest, stayingRequest } from './promotion-notes-parts.js';
import { carriedNotes } from './carried-notes.js';
import {
  AUDIT_LOG_REF,
  Trailer,
  UsageError,
  parseTrailers,
  planPromotion,
  type GitPort,
  type Facts,
  type Plan,
  type PlanStep,
  type PromotionDecision,
  type PromotionIntent,
  type RecordStep,
  type Sha,
} from '@relctl/core';
import { previewRelease, renderPromotionNotes } from '@relctl/release-notes';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { remoteUrl } from '../context/remote-url.js';
import { branchRef } from '../facts/gather-facts.js';
import type { OpenPullRequestResult } from '../github/index.js';
import { readGithubSettings } from '../github/read-github-settings.js';
import { executeOrPrint } from './execute-or-print.js';

/**
 * Promotion branches are `relctl-promote/<version>`. Not `relctl/…`: remote-tracking copies of
 * branches under `relctl/` would land in `refs/remotes/<remote>/relctl/`, where the audit log's
 * copy lives, and the fetch refuses them.
 */
const PROMOTION_BRANCH_PREFIX = 'relctl-promote/';

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
  /** Short branch name, `relctl-promote/<version>`. */
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
  publish(): Promise<OpenPullRequestResult | null>;
}

/**
 * `promote <ids…> --to prod --via-pr`: plan the promotion exactly like a direct one, then run
 * only its release-branch part (merges and release commit) on the promotion branch
 * `relctl-promote/<version>`, reset to the production tip first, instead of on production; record
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
  const { policy } = context;
  const prod = policy.environments.find((env) => env.kind === 'release');
  if (!prod || intent.target !== prod.name) {
    throw new UsageError(`--via-pr opens a pull request into the release branch; use it with --to ${prod?.name ?? 'prod'}, or drop --via-pr.`, {
      target: intent.target,
    });
  }
  const direct = planPromotion({ policy, facts, intent, decision, command });
  const prodRef = branchRef(prod.branch);
  const moves = direct.steps.filter((step): step is Extract<PlanStep, { kind: 'merge' | 'release' }> => (step.kind === 'merge' || step.kind === 'release') && step.ref === prodRef);
  const prodTip = direct.expected[prodRef];
  if (moves.length === 0 || !prodTip) {
    if (json) context.emit({ type: 'result', value: { decision, plan: direct, dryRun, branch: null, pullRequest: null } });
    else for (const note of direct.notes) context.emit({ type: 'note', message: note });
    return null;
  }
  const shipped = moves.flatMap((step) => (step.kind === 'merge' ? [step.requestId] : []));

  // The pull request body is what `relctl notes <ids>` prints for this promotion.
  const going = decision.order.filter((id) => shipped.includes(id)).map((id) => carriedNotes({ policy, facts, env: prod, going: goingRequest(facts, id, prod.name, decision) }));
  const held = new Set(
    facts.environments
      .find((env) => env.name === prod.name)
      ?.members.filter(atHead(facts))
      .map((member) => member.requestId),
  );
  const staying = facts.requests.filter((request) => !held.has(request.id) && !going.some((item) => item.id === request.id)).map((request) => stayingRequest(request, decision));
  const preview = await previewRelease({ git: context.git, commit: prodTip, requests: going.map((item) => ({ id: item.id, head: item.sha })), tagPrefix: policy.tagPrefix });
  const notes = renderPromotionNotes({ env: prod.name, going, staying, version: preview.version, previousVersion: preview.previousVersion });
  const body = notes.markdown.endsWith('\n') ? notes.markdown : `${notes.markdown}\n`;
  const branch = `${PROMOTION_BRANCH_PREFIX}${preview.version}`;
  const ref = branchRef(branch);
  const title = `Release ${preview.version} to ${prod.name}: ${going.map((item) => item.id).join(', ')}`;

  const requestRefs = facts.requests.filter((request) => shipped.includes(request.id)).map((request) => branchRef(request.branch));
  const current = await context.git.readRef(ref);
  const plan = promotionBranchPlan({ direct, moves, prodTip, ref, branch, env: prod.name, shipped, remote: policy.remote, current, requestRefs, version: preview.version });
  plan.command = `${command} --via-pr`;
  const tracking = policy.remote && context.remote ? context.remote.trackingRef(policy.remote, ref) : null;
  const onRemote = tracking ? await context.git.readRef(tracking) : null;
  // A new run rebuilds the branch (not a fast-forward): lease it at the value fetched from the remote.
  if (!dryRun && tracking && context.runOptions.leases) context.runOptions.leases[ref] = onRemote;
  // Running it again changes nothing while the branch (here and on the remote) holds this very
  // promotion: its commits, and so a review of them, stay as they are.
  const upToDate = (await holdsPromotion({ git: context.git, tip: current, prodTip, moves, version: preview.version })) && (tracking === null || onRemote === current);
  if (upToDate && !json) context.emit({ type: 'promotion-branch-kept', branch, sha: current ?? '' });
  // With --json a dry run prints one JSON document, from publish().
  const result = upToDate || (json && dryRun) ? null : await executeOrPrint({ context, plan, dryRun, json });
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
      const settings = readGithubSettings({ env: context.io.env, remoteUrl: url });
      const pushed = !dryRun && policy.remote !== null;
      const canOpen = pushed && settings.token !== null && settings.repository !== null;
      if (!json) {
        context.emit({ type: 'promotion-branch', branch, base: prod.branch, requestIds: shipped, version, pushedTo: pushed ? policy.remote : null, dryRun, upToDate });
      }
      let opened: OpenPullRequestResult | null = null;
      if (canOpen && settings.token && settings.repository) {
        // Loaded only here: every other command starts without the GitHub client.
        const { createGithubClient, openPullRequest } = await import('../github/index.js');
        const client = createGithubClient({ apiUrl: settings.apiUrl, token: settings.token, warn: (message) => context.emit({ type: 'warning', message }) });
        opened = await openPullRequest({ client, owner: settings.repository.owner, repo: settings.repository.repo, base: prod.branch, head: branch, title, body });
      }
      if (json) {
        context.emit({
          type: 'result',
          value: {
            decision,
            plan,
            dryRun,
            branch,
            version,
            pushed,
            upToDate,
            release: result?.state.release ?? null,
            pullRequest: opened ? { action: opened.action, ...opened.pullRequest } : null,
            title,
            body,
          },
        });
        return opened;
      }
      const afterMerge = { base: prod.branch, tag: `${policy.tagPrefix}${version}` };
      if (opened) {
        context.emit({ type: 'pull-request-opened', action: opened.action, number: opened.pullRequest.number, url: opened.pullRequest.url, afterMerge });
        return opened;
      }
      const reason = dryRun ? 'dry-run' : !pushed ? 'not-pushed' : !settings.repository ? 'not-github' : 'no-token';
      const { repository } = settings;
      const link = repository ? `${settings.webUrl}/${repository.owner}/${repository.repo}/compare/${encodeURI(prod.branch)}...${encodeURI(branch)}?expand=1` : null;
      context.emit({
        type: 'pull-request-to-open',
        reason,
        remote: policy.remote,
        base: prod.branch,
        head: branch,
        title,
        link,
        afterMerge: dryRun ? null : afterMerge,
        requestIds: shipped,
        env: prod.name,
        body,
      });
      return null;
    },
  };
}

/**
 * Whether the promotion branch at `tip` is exactly `prodTip` + one merge per planned merge (same
 * request head, same order) + a release commit of `version` shipping those requests.
 */
async function holdsPromotion(options: { git: GitPort; tip: Sha | null; prodTip: Sha; moves: PlanStep[]; version: string }): Promise<boolean> {
  const { git, tip, prodTip } = options;
  if (tip === null) return false;
  const merges = options.moves.flatMap((step) => (step.kind === 'merge' ? [step] : []));
  const history = await git.firstParentHistory(tip, { until: prodTip, limit: merges.length + 2 });
  if (history.length !== merges.length + 1) return false;
  const [release, ...rest] = history;
  const trailer = (message: string, key: string) =>
    Object.entries(parseTrailers(message))
      .find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1]
      ?.join(',') ?? '';
  if (!release || release.parents.length !== 1) return false;
  if (trailer(release.message, Trailer.release) !== options.version) return false;
  if (trailer(release.message, Trailer.requests) !== merges.map((step) => step.requestId).join(',')) return false;
  const ordered = rest.reverse();
  if (ordered[0]?.parents[0] !== prodTip) return false;
  return merges.every((step, index) => {
    const commit = ordered[index];
    return commit?.parents.length === 2 && commit.parents[1] === step.sha && trailer(commit.message, Trailer.request) === step.requestId;
  });
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
  /** The version the release commit will have (no tag yet: `after-merge` makes it). */
  version: string;
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
  // The direct plan's promoted event says which hotfixes were checked against the hotfix rules.
  const directPromoted = direct.steps.find((step): step is RecordStep => step.kind === 'record' && step.event.type === 'promoted' && step.event.env === options.env);
  const hotfixRules = Array.isArray(directPromoted?.event.data?.['hotfixRules']) ? { hotfixRules: directPromoted.event.data['hotfixRules'] } : {};
  const refs = [ref, AUDIT_LOG_REF];
  const steps: PlanStep[] = [
    { kind: 'reset', ref, to: { sha: options.prodTip } },
    ...options.moves.map((step) => ({ ...step, ref })),
    {
      kind: 'record',
      event: { type: 'promoted', env: options.env, requestIds: [...shipped], data: { viaPr: true, branch: options.branch, version: options.version, shas, ...hotfixRules } },
      shaOf: ref,
    },
    ...overrides,
    { kind: 'update-refs', refs },
    ...(options.remote ? [{ kind: 'push' as const, remote: options.remote, refs: [...refs] }] : []),
  ];
  const notes = [...direct.notes, `Via pull request: ${options.branch} gets the merges and the release commit; the tag, the rebuilds and the syncs wait for "relctl after-merge".`];
  return { command: direct.command, expected, steps, notes };
}
