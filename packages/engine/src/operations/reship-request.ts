import { MergeConflictError, NotFoundError, StateError, lifecycleFromEvents, planReship, validateRequestId, type Facts, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';
import type { CloseRequestResult } from './close-request.js';

/**
 * Options of {@link reshipRequest}.
 *
 * @example
 * ```ts
 * const options: ReshipRequestOptions = { session, requestId: 'A' };
 * ```
 */
export interface ReshipRequestOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  requestId: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/** How far back on production's first-parent history the revert commit is looked for. */
const REVERT_SEARCH_LIMIT = 2000;
/** A changeset larger than this is not restored (a changeset is a short release note). */
const CHANGESET_LIMIT = 64 * 1024;

/**
 * Prepare a reverted request to ship again, as `relctl request reship <id>` does: on its branch,
 * in one transaction, the revert of `relctl revert`'s revert commit and the changeset the shipped
 * release consumed; logged `reshipped` and pushed. Then it is promoted, approved and shipped as
 * any request. A revert of the revert that conflicts with later production changes is refused
 * (`MergeConflictError`) before anything moves.
 *
 * @example
 * ```ts
 * const { plan, result } = await reshipRequest({ session, requestId: 'A' });
 * console.log(plan.steps.length, result?.outcomes);
 * ```
 */
export async function reshipRequest(options: ReshipRequestOptions): Promise<CloseRequestResult> {
  const context = options.session;
  const id = String(options.requestId);
  validateRequestId(id);
  const dryRun = options.dryRun === true;
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const prod = releaseEnvironment(context.policy);
    const life = lifecycleFromEvents({ events: facts.events, releaseEnv: prod.name }).get(id);
    // Closed or already prepared: the planner refuses it with its own message.
    const reverted = life?.closed === undefined && life?.reverted?.reshipped !== true ? life?.reverted : undefined;
    const prodTip = facts.environments.find((env) => env.name === prod.name)?.tip ?? null;
    // The planner refuses a request that is unknown, closed, not reverted or already prepared.
    const found = reverted?.mergeCommit !== undefined && prodTip !== null ? await findRevert(context, prodTip, reverted.mergeCommit) : null;
    const changeset = reverted?.mergeCommit !== undefined ? await shippedChangeset(context, reverted.mergeCommit, id) : null;
    const plan = planReship({
      policy: context.policy,
      facts,
      requestId: id,
      revertCommit: found ?? missingRevert(facts, id, reverted?.mergeCommit),
      changeset,
      command: `request reship ${id}`,
    });
    if (prodTip !== null && found !== null) await trialRevert(context, prodTip, found, id, prod.branch);
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { plan, result };
  });
}

/** The revert commit `relctl revert` wrote for `mergeCommit` on production's first-parent history. */
async function findRevert(context: CliContext, tip: Sha, mergeCommit: Sha): Promise<Sha | null> {
  const history = await context.git.firstParentHistory(tip, { limit: REVERT_SEARCH_LIMIT });
  const found = history.find((commit) => commit.parents.length === 1 && commit.message.includes(`This reverts merge commit ${mergeCommit},`));
  return found?.sha ?? null;
}

/**
 * A revert commit is needed only once the planner's own refusals passed: an unknown, closed or
 * not-reverted request gets the planner's message (a placeholder it never uses); a reverted one
 * whose revert commit is gone gets this one.
 */
function missingRevert(facts: Facts, id: string, mergeCommit: Sha | undefined): Sha {
  if (mergeCommit === undefined || !facts.requests.some((request) => request.id === id)) return '0'.repeat(40);
  throw new NotFoundError(`No revert of request ${id} (merge ${mergeCommit.slice(0, 7)}) was found on the production branch; bring the change back by hand with "git revert".`, {
    requestId: id,
    mergeCommit,
  });
}

/** `.changeset/<id>.md` as production's merge of the request held it, just before its release consumed it. */
async function shippedChangeset(context: CliContext, mergeCommit: Sha, id: string): Promise<string | null> {
  const bytes = await context.git.readFile(mergeCommit, `.changeset/${id}.md`);
  if (bytes === null || bytes.length > CHANGESET_LIMIT) return null;
  return new TextDecoder().decode(bytes);
}

/** Compute the revert of the revert on objects first, so a conflict refuses with nothing changed. */
async function trialRevert(context: CliContext, tip: Sha, revert: Sha, id: string, branch: string): Promise<void> {
  const { git } = context;
  const parent = (await git.readCommit(revert)).parents[0];
  if (parent === undefined) throw new StateError(`The revert commit ${revert.slice(0, 7)} has no parent; bring ${id} back by hand.`, { requestId: id });
  const identity = { name: context.identity.name, email: context.identity.email, timestamp: Math.floor(context.io.now() / 1000), timezoneOffset: 0 };
  const theirs = await git.writeCommit({
    tree: (await git.readCommit(parent)).tree,
    parents: [revert],
    message: 'relctl: trial revert (never referenced)\n',
    author: identity,
    committer: identity,
  });
  const outcome = await git.mergeCommits(tip, theirs, { resolutions: [] });
  if (outcome.clean) return;
  const paths = outcome.conflicts.map((conflict) => conflict.path);
  throw new MergeConflictError(
    `Nothing changed: bringing ${id} back conflicts with later changes on ${branch} in ${paths.join(', ')}; on a branch from ${branch} run "git revert ${revert.slice(0, 7)}", resolve the conflict, and push it as the request branch.`,
    { requestId: id, commit: revert, conflicts: outcome.conflicts },
  );
}
