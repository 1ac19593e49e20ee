import { continueRun, undoRun } from '@relctl/runner';
import { describePlan } from '@relctl/core';
import type { ArgumentsCamelCase } from 'yargs';
import type { Io } from '../io.js';
import { toJson } from '../output/format.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';
import { continueWorktreeSync, worktreeSyncPending } from './shared/worktree-sync.js';

/** `relctl continue`: finish a run stopped by a conflict or a crash. */
export const continueCommand = defineCommand<Record<string, never>>({
  command: 'continue',
  describe: 'Finish the run that stopped (after a conflict was fixed, or a crash)',
  builder: (yargs) => yargs.example('$0 continue', 'Retry the step that stopped and run the rest'),
  run: async (args, io) => resume(args, io, false),
});

/** `relctl skip`: skip the step a run stopped at, then finish it. */
export const skipCommand = defineCommand<Record<string, never>>({
  command: 'skip',
  describe: 'Skip the step the stopped run is at, then finish the run',
  builder: (yargs) => yargs.example('$0 skip', 'Leave out the merge that conflicted'),
  run: async (args, io) => resume(args, io, true),
});

/** `relctl undo`: move every ref of the unfinished or last run back. */
export const undoCommand = defineCommand<Record<string, never>>({
  command: 'undo',
  describe: 'Undo the unfinished run, or the last finished one: refs go back where they were',
  builder: (yargs) => yargs.example('$0 undo', 'Take back the last promotion (the audit log keeps an "undone" event)'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const ports = { git: context.git, log: context.log, ...(context.remote ? { remote: context.remote } : {}) };
      const result = await undoRun({ ports, options: context.runOptions, store: context.store, remote: context.policy.remote });
      if (args.json) io.stdout(toJson(result));
      else if (result.restored.length === 0) io.stdout(`Dropped the unfinished run of "relctl ${result.command}"; no ref had moved.\n`);
      else {
        io.stdout(`Undid "relctl ${result.command}":\n`);
        for (const item of result.restored) io.stdout(`  ${item.ref}: ${item.from?.slice(0, 7) ?? '(none)'} -> ${item.to?.slice(0, 7) ?? '(deleted)'}\n`);
      }
    }),
});

async function resume(args: ArgumentsCamelCase<GlobalOptions>, io: Io, skip: boolean): Promise<void> {
  return withContext(args, io, async (context) => {
    if (!skip && worktreeSyncPending(context)) {
      const id = await continueWorktreeSync(context);
      if (args.json) io.stdout(toJson({ command: `sync ${id} --worktree`, finished: true }));
      else io.stdout(`Finished syncing ${id} with production.\n`);
      return;
    }
    const pending = await context.store.loadCurrent();
    const lines = pending ? describePlan(pending.plan) : [];
    const result = await continueRun({
      ports: { git: context.git, log: context.log, release: context.release, ...(context.remote ? { remote: context.remote } : {}) },
      options: { ...context.runOptions, onProgress: args.json ? undefined : (p) => io.stdout(`  ${p.index + 1}/${p.total} ${lines[p.index] ?? p.description} — ${p.outcome}\n`) },
      store: context.store,
      skip,
      currentHead: (id) => context.git.readRef(`refs/heads/${context.policy.requestPrefix}${id}`),
      describe: (step) => lines[pending?.plan.steps.indexOf(step) ?? -1] ?? step.kind,
    });
    if (args.json) io.stdout(toJson({ command: result.state.plan.command, outcomes: result.outcomes }));
    else io.stdout(`Finished "relctl ${result.state.plan.command}".\n`);
  });
}
