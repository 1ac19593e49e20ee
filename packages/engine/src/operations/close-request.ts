import { planClose, StateError, validateRequestId, type Plan } from '@relctl/core';
import { listWorktrees } from '@relctl/git';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { boundedText } from '../shared/bounded-text.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';

/**
 * Options of {@link closeRequest}.
 *
 * @example
 * ```ts
 * const options: CloseRequestOptions = { session, requestId: 'B', reason: 'the customer withdrew it' };
 * ```
 */
export interface CloseRequestOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  requestId: string;
  /** Why (logged on the `closed` event). */
  reason?: string;
  /**
   * Also delete the request branch, here and on the remote, in the same transaction; refused
   * while a worktree has it checked out. `request reopen` creates it again from the logged head.
   */
  deleteBranch?: boolean;
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` or `step` events. */
  json?: boolean;
}

/**
 * What {@link closeRequest} did.
 *
 * @example
 * ```ts
 * const { plan, result }: CloseRequestResult = await closeRequest({ session, requestId: 'B' });
 * ```
 */
export interface CloseRequestResult {
  plan: Plan;
  /** The run, `null` for a dry run. */
  result: RunResult | null;
}

/**
 * Close a request, as `relctl request close <id>` does: take it off the integration environment
 * that holds it (the rebuild `demote` does) and log `closed`, in one transaction, pushed (a lost
 * push race is retried). Its branch stays unless `deleteBranch`; `request reopen` brings it back.
 *
 * @example
 * ```ts
 * const { result } = await closeRequest({ session, requestId: 'B', reason: 'the customer withdrew it' });
 * console.log(result?.outcomes);
 * ```
 */
export async function closeRequest(options: CloseRequestOptions): Promise<CloseRequestResult> {
  const context = options.session;
  const id = String(options.requestId);
  validateRequestId(id);
  boundedText('reason', options.reason);
  const dryRun = options.dryRun === true;
  const deleteBranch = options.deleteBranch === true;
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    if (deleteBranch) await refuseCheckedOut(context, `${context.policy.requestPrefix}${id}`);
    const plan = planClose({
      policy: context.policy,
      facts,
      requestId: id,
      deleteBranch,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      command: `request close ${id}`,
    });
    const result = await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    return { plan, result };
  });
}

/**
 * Refuse `--delete-branch` while a worktree has the branch checked out (the git port would refuse
 * at the transaction too; saying so before planning keeps `--dry-run` honest and the message specific).
 */
async function refuseCheckedOut(context: CliContext, branch: string): Promise<void> {
  const ref = `refs/heads/${branch}`;
  const holder = (await listWorktrees({ repo: context.repo })).find((worktree) => worktree.branch === ref || worktree.operationRef === ref);
  if (holder === undefined) return;
  throw new StateError(
    `Cannot delete ${branch}: it is checked out in ${holder.dir}; switch that worktree to another branch ("git switch main"), or close without --delete-branch.`,
    {
      branch,
      worktree: holder.dir,
    },
  );
}
