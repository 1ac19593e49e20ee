import { describePlan } from '@relctl/core';
import { continueRun as continueStoredRun, type RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { runPorts } from './run-ports.js';
import { stoppedPushError } from './stopped-push-error.js';
import { continueWorktreeSync, worktreeSyncPending } from './worktree-sync.js';

/**
 * What finishing a stopped run did: either a `sync <id> --worktree` the person finished by hand,
 * or the saved run carried to its end.
 *
 * @example
 * ```ts
 * const done: ResumeResult = { kind: 'run', command: 'promote A --to test', result };
 * ```
 */
export type ResumeResult = { kind: 'worktree-sync'; requestId: string } | { kind: 'run'; command: string; result: RunResult };

/**
 * Finish the saved run, retrying (or with `skip`, skipping) the step it stopped at; each step
 * reported as a `step` event unless `json`. Without `skip`, a pending `sync --worktree` is
 * finished first. A push failing again keeps the run saved and says what to run next.
 *
 * @example
 * ```ts
 * const done = await resumeRun({ context, skip: false, json: false });
 * ```
 */
export async function resumeRun(options: { context: CliContext; skip: boolean; json: boolean }): Promise<ResumeResult> {
  const { context, skip } = options;
  if (!skip && worktreeSyncPending(context)) return { kind: 'worktree-sync', requestId: await continueWorktreeSync(context) };
  const pending = await context.store.loadCurrent();
  const lines = pending ? describePlan(pending.plan) : [];
  const continued = continueStoredRun({
    ports: runPorts(context),
    options: {
      ...context.runOptions,
      onProgress: options.json ? undefined : (p) => context.emit({ type: 'step', index: p.index, total: p.total, line: lines[p.index] ?? p.description, outcome: p.outcome }),
    },
    store: context.store,
    skip,
    currentHead: (id) => context.git.readRef(`refs/heads/${context.policy.requestPrefix}${id}`),
    describe: (step) => lines[pending?.plan.steps.indexOf(step) ?? -1] ?? step.kind,
  });
  // Its push failing again (still no network): the run stays saved; say so, and what to run next.
  const result = await continued.catch(async (error: unknown) => {
    throw context.policy.remote ? stoppedPushError(error, await context.store.loadCurrent(), context.policy.remote) : error;
  });
  return { kind: 'run', command: result.state.plan.command, result };
}
