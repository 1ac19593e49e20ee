import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MergeConflictError, StateError, UsageError, planRecord } from '@relctl/core';
import { runGit } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { learnAfterWorktreeSync } from '../conflicts/learn-after-worktree-sync.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { executeOrPrint } from './execute-or-print.js';

/** A sync a person is finishing by hand in their worktree (`sync --worktree`). */
interface WorktreeSync {
  requestId: string;
  branch: string;
  from: string;
  /** Branch the worktree was on before, to return to afterwards. */
  returnTo: string | null;
}

const stateFile = (context: CliContext) => join(context.repo.commonDir, 'relctl', 'worktree-sync.json');

/**
 * `sync <id> --worktree`: merge production into the request branch *in this checkout*, the way
 * `git merge` does, so a person can resolve conflicts with their own tools. This is the one
 * command that touches the worktree, because the person asked for exactly that.
 */
export async function startWorktreeSync(context: CliContext, requestId: string): Promise<'merged' | 'conflict'> {
  const cwd = requireWorktree(context);
  if (existsSync(stateFile(context))) throw new StateError('A worktree sync is already in progress; resolve it and run "relctl continue".', {});
  const dirty = await git(cwd, ['status', '--porcelain', '--untracked-files=no']);
  if (dirty !== '') throw new StateError('Your worktree has uncommitted changes; commit or stash them before "relctl sync --worktree".', {});
  const branch = `${context.policy.requestPrefix}${requestId}`;
  const from = releaseEnvironment(context.policy).branch;
  if ((await git(cwd, ['branch', '--list', branch])) === '') {
    throw new UsageError(`There is no request "${requestId}"; see "relctl request list".`, { id: requestId });
  }
  const current = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'], [0, 1]);
  await git(cwd, ['switch', '--quiet', branch]);
  const merge = await runGit({ cwd, args: ['merge', '--no-ff', '--no-edit', '-m', `Sync request ${requestId} with ${from}`, from], okExitCodes: [0, 1] });
  const sync: WorktreeSync = { requestId, branch, from, returnTo: current === '' || current === branch ? null : current };
  if (merge.exitCode === 0) {
    await finish(context, sync);
    return 'merged';
  }
  const conflicted = (await git(cwd, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
  mkdirSync(join(context.repo.commonDir, 'relctl'), { recursive: true });
  writeFileSync(stateFile(context), `${JSON.stringify(sync, null, 2)}\n`);
  throw new MergeConflictError(
    `${from} conflicts with ${branch} in ${conflicted.join(', ')}; the conflict markers are in your worktree: fix the files, "git add" them, then run "relctl continue".`,
    { requestId, conflicts: conflicted.map((path) => ({ path, kind: 'content' })) },
  );
}

/** Whether a worktree sync waits for `relctl continue`. */
export function worktreeSyncPending(context: CliContext): boolean {
  return existsSync(stateFile(context));
}

/** `continue` after `sync --worktree`: commit the resolved merge and record the sync. */
export async function continueWorktreeSync(context: CliContext): Promise<string> {
  const cwd = requireWorktree(context);
  const sync = JSON.parse(readFileSync(stateFile(context), 'utf8')) as WorktreeSync;
  const unresolved = (await git(cwd, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
  if (unresolved.length > 0) {
    throw new MergeConflictError(`Still unresolved: ${unresolved.join(', ')}; fix them, "git add" them, then run "relctl continue" again.`, {
      requestId: sync.requestId,
      conflicts: unresolved.map((path) => ({ path, kind: 'content' })),
    });
  }
  const merging = await runGit({ cwd, args: ['rev-parse', '-q', '--verify', 'MERGE_HEAD'], okExitCodes: [0, 1] });
  if (merging.exitCode === 0) await git(cwd, ['commit', '--no-edit', '--quiet']);
  await learnAfterWorktreeSync(context, sync.branch);
  await finish(context, sync);
  return sync.requestId;
}

async function finish(context: CliContext, sync: WorktreeSync): Promise<void> {
  const cwd = requireWorktree(context);
  rmSync(stateFile(context), { force: true });
  if (sync.returnTo) await git(cwd, ['switch', '--quiet', sync.returnTo]);
  const facts = await gatherFacts(context);
  const plan = planRecord({
    policy: context.policy,
    facts,
    event: { type: 'synced', requestIds: [sync.requestId], env: releaseEnvironment(context.policy).name, data: { worktree: true } },
    command: `sync ${sync.requestId} --worktree`,
  });
  await executeOrPrint({ context, plan, dryRun: false, json: true });
}

function requireWorktree(context: CliContext): string {
  if (!context.repo.dir) throw new UsageError('"--worktree" needs a checkout; this is a bare repository.', {});
  return context.repo.dir;
}

async function git(cwd: string, args: string[], okExitCodes = [0]): Promise<string> {
  const result = await runGit({ cwd, args, okExitCodes });
  return result.stdout.toString('utf8').trim();
}
