import { UsageError, planSync, validateRequestId, type Facts, type Plan } from '@relctl/core';
import type { RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { executeOrPrint } from '../shared/execute-or-print.js';
import { withRemoteRetry } from '../shared/remote-sync.js';
import { startWorktreeSync } from '../shared/worktree-sync.js';

/**
 * Options of {@link sync}.
 *
 * @example
 * ```ts
 * const options: SyncOptions = { session, requestIds: ['B'] };
 * ```
 */
export interface SyncOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The requests to sync; default (empty or left out): every open request. */
  requestIds?: string[];
  /** Plan only: change nothing (the plan is reported as a `plan-preview` event). */
  dryRun?: boolean;
  /**
   * Merge in the session's checkout and leave conflict markers to resolve by hand (exactly one
   * request, no `dryRun`; needs git); `relctl continue` finishes.
   */
  worktree?: boolean;
  /** The caller reports the outcome as one JSON document: no `note`, `step` or `sync-conflict` events. */
  json?: boolean;
}

/**
 * What {@link sync} did.
 *
 * @example
 * ```ts
 * const { synced, conflicts }: SyncResult = await sync({ session });
 * ```
 */
export interface SyncResult {
  /** The plan carried out (or previewed); `null` with `worktree`. */
  plan: Plan | null;
  /** Requests left out because their head already holds the production tip. */
  upToDate: string[];
  /** The run; `null` for a dry run, with `worktree`, or when there was nothing to sync. */
  result: RunResult | null;
  /** Requests synced. */
  synced: number;
  /** Requests left as they were: merging production into them conflicts. */
  conflicts: RunResult['state']['syncConflicts'];
  /** With `worktree`: whether the merge in the checkout was clean or left conflict markers. */
  worktree: 'merged' | 'conflict' | null;
}

/**
 * Bring the production tip into request branches, as `relctl sync [ids…]` does: a merge per
 * request on objects (one that already holds the tip is left out), recorded and pushed. A
 * request whose merge conflicts is reported (`sync-conflict` event, `conflicts`) and left as it
 * was. With nothing to sync nothing runs and nothing is recorded.
 *
 * @example
 * ```ts
 * const { synced, conflicts } = await sync({ session });
 * if (conflicts.length > 0) console.log(`resolve ${conflicts[0]?.requestId} with relctl sync <id> --worktree`);
 * ```
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const context = options.session;
  const ids = (options.requestIds ?? []).map(String);
  ids.forEach((id) => validateRequestId(id));
  const dryRun = options.dryRun === true;
  if (options.worktree === true) {
    if (ids.length !== 1 || dryRun) throw new UsageError('"sync --worktree" takes exactly one request id and no --dry-run.', {});
    const worktree = await startWorktreeSync(context, ids[0] as string);
    return { plan: null, upToDate: [], result: null, synced: worktree === 'merged' ? 1 : 0, conflicts: [], worktree };
  }
  return withRemoteRetry(context, dryRun, async () => {
    const facts = await gatherFacts(context);
    const command = ids.length > 0 ? `sync ${ids.join(' ')}` : 'sync';
    const planned = planSync({ policy: context.policy, facts, ...(ids.length > 0 ? { requestIds: ids } : {}), command });
    // A request that already holds the production tip has nothing to sync: left out of the plan
    // (and of the "synced" event), so the dry run shows and the log records only real syncs.
    const { upToDate, plan } = await withoutUpToDate(context, facts, planned);
    // Nothing to do is not a run: it records nothing, and "relctl undo" still takes back the last real one.
    const idle = plan.steps.length === 0 && !dryRun;
    const result = idle ? null : await executeOrPrint({ context, plan, dryRun, json: options.json === true });
    const conflicts = result?.state.syncConflicts ?? [];
    const synced = result ? result.state.plan.steps.filter((step) => step.kind === 'sync').length - conflicts.length : 0;
    return { plan, upToDate, result, synced, conflicts, worktree: null };
  });
}

/** The plan without the requests whose head already contains the production tip, and their ids. */
async function withoutUpToDate(context: CliContext, facts: Facts, plan: Plan): Promise<{ upToDate: string[]; plan: Plan }> {
  const upToDate: string[] = [];
  for (const step of plan.steps) {
    if (step.kind !== 'sync') continue;
    const head = plan.expected[step.ref];
    const tip = plan.expected[step.from];
    if (head && tip && (await context.git.isAncestor(tip, head))) upToDate.push(step.requestId);
  }
  if (upToDate.length === 0) return { upToDate, plan };
  const rest = plan.steps.flatMap((step) => (step.kind === 'sync' && !upToDate.includes(step.requestId) ? [step.requestId] : []));
  if (rest.length > 0) return { upToDate, plan: planSync({ policy: context.policy, facts, requestIds: rest, command: plan.command }) };
  return { upToDate, plan: { command: plan.command, expected: {}, steps: [], notes: [`Already up to date: ${upToDate.join(', ')}.`] } };
}
