import { MergeConflictError, planRevert, validateRequestId, type Plan } from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { boundedText } from '../shared/bounded-text.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link revert}.
 *
 * @example
 * ```ts
 * const options: RevertOptions = { session, requestId: 'A', reason: 'CSV export breaks checkout' };
 * ```
 */
export interface RevertOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The shipped request to take out of production. */
  requestId: string;
  /** Why (logged and written in the revert commit). */
  reason?: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * What {@link revert} did.
 *
 * @example
 * ```ts
 * const { result }: RevertResult = await revert({ session, requestId: 'A' });
 * console.log(result?.state.release?.tagName); // 'v1.4.1'
 * ```
 */
export interface RevertResult {
  plan: Plan;
  /** The run, `null` for a dry run; `result.state.release` is the patch release. */
  result: RunResult | null;
}

/**
 * Take a shipped request out of production, as `relctl revert <id>` does: revert its merge commit
 * (`git revert -m 1`), release that as a new patch version and tag it, rebuild the integration
 * environments on the new production tip, and push. A revert that conflicts with later changes
 * is refused (`MergeConflictError`) before anything moves.
 *
 * @example
 * ```ts
 * const { result } = await revert({ session, requestId: 'A', reason: 'CSV export breaks checkout' });
 * console.log(`released ${result?.state.release?.tagName}`);
 * ```
 */
export async function revert(options: RevertOptions): Promise<RevertResult> {
  const context = options.session;
  const id = String(options.requestId);
  validateRequestId(id);
  boundedText('reason', options.reason);
  const dryRun = options.dryRun === true;
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const plan = planRevert({
      policy: context.policy,
      facts,
      requestId: id,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
      command: `revert ${id}`,
    });
    await trialRevert(context, plan);
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { plan, result };
  });
}

/**
 * Compute the plan's revert on objects before anything runs (the way the `revert` step does), so
 * a revert that conflicts with later changes is refused with nothing changed — no run to undo.
 */
async function trialRevert(context: CliContext, plan: Plan): Promise<void> {
  const step = plan.steps.find((candidate) => candidate.kind === 'revert');
  if (step?.kind !== 'revert') return;
  const { git } = context;
  const tip = plan.expected[step.ref];
  const merge = await git.readCommit(step.commit);
  const parent = merge.parents[0];
  if (!tip || parent === undefined) return;
  const identity = { name: context.identity.name, email: context.identity.email, timestamp: Math.floor(context.io.now() / 1000), timezoneOffset: 0 };
  const theirs = await git.writeCommit({
    tree: (await git.readCommit(parent)).tree,
    parents: [step.commit],
    message: 'relctl: trial revert (never referenced)\n',
    author: identity,
    committer: identity,
  });
  const outcome = await git.mergeCommits(tip, theirs);
  if (outcome.clean) return;
  const paths = outcome.conflicts.map((conflict) => conflict.path);
  throw new MergeConflictError(
    `Nothing changed: reverting ${step.requestId} conflicts with later changes on ${step.env} in ${paths.join(', ')}; revert by hand with "git revert -m 1 ${step.commit.slice(0, 7)}" and resolve the conflict.`,
    { requestId: step.requestId, env: step.env, commit: step.commit, conflicts: outcome.conflicts },
  );
}
