import { StateError, planAfterMerge, shortSha, type Plan, type ReleasePort } from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { findLandedRelease, MAINLINE_LIMIT, type LandedReleaseFound } from '../landing/find-landed-release.js';
import { landedPromotion } from '../landing/landed-promotion.js';
import { closePromotionBranch } from '../landing/close-promotion-branch.js';
import { promotionPullState, type PromotionPullState } from '../landing/promotion-pull-state.js';
import { latestPromotionViaPr } from '../landing/pending-promotion.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link afterMerge}.
 *
 * @example
 * ```ts
 * const options: AfterMergeOptions = { session, dryRun: true };
 * ```
 */
export interface AfterMergeOptions {
  /** An open session (see `openSession`), on a checkout of the release branch after the merge. */
  session: CliContext;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * The release {@link afterMerge} found on the release branch.
 *
 * @example
 * ```ts
 * const release: AfterMergeRelease = { version: '1.1.0', tag: 'v1.1.0', commit: '2c26b46b…', requestIds: ['A', 'C'] };
 * ```
 */
export interface AfterMergeRelease {
  version: string;
  /** The tag it gets (or has): the policy's tag prefix and the version. */
  tag: string;
  /** The production commit that holds the release (the one tagged). */
  commit: string;
  requestIds: string[];
}

/**
 * What {@link afterMerge} did.
 *
 * @example
 * ```ts
 * const outcome: AfterMergeResult = await afterMerge({ session });
 * if (!outcome.finished) console.log(outcome.reason);
 * ```
 */
export interface AfterMergeResult {
  /** The release environment's name (`prod`). */
  env: string;
  /** Whether it finished a release now (`false` for a dry run and when there was nothing to finish). */
  finished: boolean;
  /** Why nothing was finished (one sentence), or `null`. */
  reason: string | null;
  /** The release found, or `null` when none was. */
  release: AfterMergeRelease | null;
  /** The plan carried out (or previewed), `null` when there was nothing to finish. */
  plan: Plan | null;
  /** The run, `null` for a dry run and when there was nothing to finish. */
  result: RunResult | null;
}

/**
 * Finish a promotion whose pull request (`promote --via-pr`) was merged, as `relctl after-merge`
 * does in CI on the release branch: find where the promotion the audit log records last reached
 * the release branch, however its pull request was merged — a merge commit, a fast-forward, a merge
 * queue's merge commit, a squash or a rebase — proved on git objects (the release commit is in the
 * branch, or a commit has its tree, alone or plus what landed meanwhile); without such a record, the
 * newest release commit of relctl in the branch. When its tag does not exist yet: tag the
 * production commit that holds the release, rebuild the integration environments without the
 * shipped requests, sync the others, record `released` with the request heads that shipped in that
 * commit (so production holds them even where it does not contain them) and push. Reports
 * `release-landed`, `plan-preview`, `step` and `sync-conflict` events on the session. Running it
 * again finishes nothing (`finished: false` with the reason). With a GitHub token, a promotion
 * whose pull request was closed without merging is cleaned up: `promotion-closed` recorded, its
 * branch deleted here and on the remote (`finished: false`, the reason says so).
 *
 * @throws StateError (exit 2) when the release branch is missing, when the promotion was merged but
 * no commit can be proved to hold it, or when the release cannot be tagged as it was cut.
 * @example
 * ```ts
 * const session = await openSession({ cwd: checkoutOfMain, onEvent: (event) => console.log(event.type) });
 * try {
 *   const { finished, release, reason } = await afterMerge({ session });
 *   console.log(finished ? `tagged ${release?.tag}` : reason);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function afterMerge(options: AfterMergeOptions): Promise<AfterMergeResult> {
  const context = options.session;
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  return withRemoteRetry(context, dryRun, async () => {
    const prod = releaseEnvironment(context.policy);
    const facts = await gatherFacts(context);
    const tip = facts.environments.find((env) => env.name === prod.name)?.tip ?? null;
    if (!tip) throw new StateError(`The ${prod.name} branch ${prod.branch} does not exist here; fetch it, then run "relctl after-merge" again.`, { branch: prod.branch });
    // The promotion the log says waits for its pull request, proved on the objects wherever it landed.
    const pending = latestPromotionViaPr(facts.events, prod.name);
    const pendingTag = pending ? `${context.policy.tagPrefix}${pending.version}` : null;
    const waiting = pending !== null && pendingTag !== null && (await context.git.readRef(`refs/tags/${pendingTag}`)) === null;
    // GitHub is asked at most once, and only where the objects alone do not settle it.
    let pull: PromotionPullState | null | undefined;
    const askPull = async (): Promise<PromotionPullState | null> =>
      pull === undefined ? (pull = pending ? await promotionPullState(context, pending.branch, prod.branch) : null) : pull;
    const askGithub = async () => {
      const state = await askPull();
      return state?.merged ? state.mergeCommit : null;
    };
    const proved = waiting && pending && pendingTag ? await landedPromotion({ git: context.git, tip, pending, branch: prod.branch, tag: pendingTag, askGithub }) : null;
    if (waiting && pending && proved === null) {
      const state = await askPull();
      if (state !== null && !state.open && !state.merged) {
        return nothing(prod.name, null, await closePromotionBranch({ context, pending, env: prod.name, pull: state.number, dryRun }));
      }
    }
    if (proved && proved.how !== 'ancestor' && !json && pending) {
      context.emit({
        type: 'release-landed',
        branch: pending.branch,
        base: prod.branch,
        version: proved.landed.version,
        releaseCommit: pending.releaseCommit,
        commit: proved.landed.commit,
        how: proved.how,
      });
    }
    if (proved?.mergedAs && proved.mergedAs !== proved.landed.commit) {
      context.emit({
        type: 'warning',
        message: `GitHub says the pull request of ${pending?.branch ?? 'the promotion'} was merged as ${shortSha(proved.mergedAs)}; the release is proved in ${shortSha(proved.landed.commit)}, which is tagged.`,
      });
    }
    const landed = proved?.landed ?? (await findLandedRelease(context.git, tip));
    const tagged = !landed && pending && pendingTag && !waiting ? await context.git.readRef(`refs/tags/${pendingTag}`) : null;
    if (pending && pendingTag && tagged) {
      // A squashed or rebased release finished before: no release commit of relctl on the branch, but its tag.
      const release: AfterMergeRelease = { version: pending.version, tag: pendingTag, commit: tagged, requestIds: pending.requestIds };
      return nothing(prod.name, release, `Release ${pending.version} (${shortSha(tagged)}) on ${prod.branch} is tagged ${pendingTag} already; nothing to finish.`);
    }
    if (!landed) {
      return nothing(prod.name, null, `No release commit of relctl in the last ${MAINLINE_LIMIT} commits of ${prod.branch}; nothing to finish.`);
    }
    const tagName = `${context.policy.tagPrefix}${landed.version}`;
    const release: AfterMergeRelease = { version: landed.version, tag: tagName, commit: landed.commit, requestIds: landed.requestIds };
    if ((await context.git.readRef(`refs/tags/${tagName}`)) !== null) {
      return nothing(prod.name, release, `Release ${landed.version} (${shortSha(landed.commit)}) on ${prod.branch} is tagged ${tagName} already; nothing to finish.`);
    }
    const members = facts.environments.find((env) => env.name === prod.name)?.members ?? [];
    const lost = proved ? [] : landed.requestIds.filter((id) => facts.requests.some((request) => request.id === id) && !members.some((member) => member.requestId === id));
    if (lost.length > 0) {
      throw new StateError(
        `Release ${landed.version} (${shortSha(landed.commit)}) names ${lost.join(', ')}, but their merges are not in ${prod.branch} and the audit log names no promotion branch to prove its content on; nothing changed. Fetch the audit log (refs/relctl/log) and run "relctl after-merge" again, or tag ${tagName} by hand.`,
        { version: landed.version, commit: landed.commit, missing: lost },
      );
    }
    const plan = planAfterMerge({ policy: context.policy, facts, landed, command: 'after-merge' });
    const port = landedReleasePort(context.release, landed);
    const result = await executeOrPrint({ context: { ...context, release: port }, plan, dryRun, json });
    return { env: prod.name, finished: result !== null, reason: null, release, plan, result };
  });
}

function nothing(env: string, release: AfterMergeRelease | null, reason: string): AfterMergeResult {
  return { env, finished: false, reason, release, plan: null, result: null };
}

/**
 * The release port for the tag of a landed release: the same computation as when the release was
 * cut, dated as the release commit, and refused when it would name another version.
 */
function landedReleasePort(release: ReleasePort, landed: LandedReleaseFound): ReleasePort {
  return {
    async prepare(input) {
      const output = await release.prepare({ ...input, date: landed.date });
      if (output.version !== landed.version) {
        throw new StateError(
          `The release commit ${shortSha(landed.commit)} says ${landed.version} but its requests now give ${output.version} (a tag or version file changed since it was cut); set that right, then run "relctl after-merge" again.`,
          { commit: landed.commit, version: landed.version, computed: output.version },
        );
      }
      return output;
    },
  };
}
