import { planReopen, StateError, validateRequestId, type Plan } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';
import type { CloseRequestResult } from './close-request.js';

/**
 * Options of {@link reopenRequest}.
 *
 * @example
 * ```ts
 * const options: ReopenRequestOptions = { session, requestId: 'B' };
 * ```
 */
export interface ReopenRequestOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  requestId: string;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * Reopen a closed request, as `relctl request reopen <id>` does: log `reopened` and push. It is
 * on no environment: promote it again to test it. A branch `request close --delete-branch` deleted
 * is created again at the logged head, when this repository still has that commit.
 *
 * @example
 * ```ts
 * const { result } = await reopenRequest({ session, requestId: 'B' });
 * ```
 */
export async function reopenRequest(options: ReopenRequestOptions): Promise<CloseRequestResult> {
  const context = options.session;
  const id = String(options.requestId);
  validateRequestId(id);
  const dryRun = options.dryRun === true;
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const plan = planReopen({ policy: context.policy, facts, requestId: id, command: `request reopen ${id}` });
    await refuseLostHead(context, id, plan);
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { plan, result };
  });
}

/**
 * Refuse to recreate a deleted request branch whose logged head this repository no longer has
 * (`git gc` prunes what no ref reaches), naming how another clone can bring it back.
 */
async function refuseLostHead(context: CliContext, id: string, plan: Plan): Promise<void> {
  for (const step of plan.steps) {
    if (step.kind !== 'reset' || !('sha' in step.to) || plan.expected[step.ref] !== null) continue;
    const sha = step.to.sha;
    const branch = step.ref.replace(/^refs\/heads\//, '');
    try {
      await context.git.readCommit(sha);
    } catch {
      throw new StateError(
        `Cannot reopen ${id}: ${branch} was deleted when it was closed and its last commit ${sha.slice(0, 7)} is no longer in this repository; from a clone that has it, run "git push origin ${sha}:refs/heads/${branch}", then reopen.`,
        { requestId: id, sha },
      );
    }
  }
}
