import { AUDIT_LOG_REF, shortSha } from '@relctl/core';
import { continueRun, skipStep, undo, type UndoPreview } from '@relctl/engine';
import type { ArgumentsCamelCase } from 'yargs';
import type { Io } from '../io.js';
import { toJson } from '../output/format.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';

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
export const undoCommand = defineCommand<{ dryRun: boolean }>({
  command: 'undo',
  describe: 'Undo the unfinished run, or the last finished one: refs go back where they were',
  builder: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print which refs would go back; change nothing' })
      .example('$0 undo', 'Take back the last promotion (the audit log keeps an "undone" event)')
      .example('$0 undo --dry-run', 'See what undo would move back first'),
  run: async (args, io) =>
    withContext(
      args,
      io,
      async (context) => {
        const done = await undo({ session: context, dryRun: args.dryRun });
        if (done.dryRun) {
          if (args.json) io.stdout(toJson({ dryRun: true, ...done.preview }));
          else printUndoPreview(io, done.preview);
          return;
        }
        const { result } = done;
        if (args.json) io.stdout(toJson({ dryRun: false, ...result }));
        else if (result.restored.length === 0) io.stdout(`Dropped the unfinished run of "relctl ${result.command}"; no ref had moved.\n`);
        else {
          io.stdout(`Undid "relctl ${result.command}":\n`);
          for (const item of result.restored) io.stdout(`  ${item.ref}: ${shortSha(item.from, '(none)')} -> ${shortSha(item.to, '(deleted)')}\n`);
        }
      },
      FINISHING,
    ),
});

/** `undo --dry-run`, in the shape of every other dry run: notes, then numbered steps. */
function printUndoPreview(io: Io, preview: UndoPreview): void {
  io.stdout('Plan for "relctl undo" (dry run, nothing changed):\n');
  io.stdout(`  note: takes back "relctl ${preview.command}" (${preview.unfinished ? 'the unfinished run' : 'the last finished run'}).\n`);
  if (preview.restored.length === 0) {
    io.stdout('  1. drop the unfinished run; no ref had moved\n');
    return;
  }
  const refs = [...preview.restored.map((item) => item.ref), AUDIT_LOG_REF];
  const lines = [
    ...preview.restored.map((item) => `move ${item.ref.replace(/^refs\/heads\//, '')} back: ${shortSha(item.from, '(none)')} -> ${shortSha(item.to, '(deleted)')}`),
    `record undone (${preview.command})`,
    `update refs in one transaction: ${refs.map((ref) => ref.replace(/^refs\/heads\//, '')).join(', ')}`,
    ...(preview.push ? [`push to ${preview.push}: ${refs.map((ref) => ref.replace(/^refs\/heads\//, '')).join(', ')}`] : []),
  ];
  lines.forEach((line, index) => io.stdout(`  ${index + 1}. ${line}\n`));
}

/**
 * Finishing a run: the checkout may hold a request branch relctl itself put there (`sync
 * --worktree`), config files and all; its config is ignored (with a note), production's applies.
 */
const FINISHING = { worktreeConfig: 'ignore' } as const;

async function resume(args: ArgumentsCamelCase<GlobalOptions>, io: Io, skip: boolean): Promise<void> {
  return withContext(
    args,
    io,
    async (context) => {
      const done = await (skip ? skipStep : continueRun)({ session: context, json: args.json });
      if (done.kind === 'worktree-sync') {
        if (args.json) io.stdout(toJson({ command: `sync ${done.requestId} --worktree`, finished: true }));
        else io.stdout(`Finished syncing ${done.requestId} with production.\n`);
        return;
      }
      if (args.json) io.stdout(toJson({ command: done.command, outcomes: done.result.outcomes }));
      else io.stdout(`Finished "relctl ${done.command}".\n`);
    },
    FINISHING,
  );
}
