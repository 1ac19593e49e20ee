import { readRawRef } from '@relctl/git';
import { continueRun, previewUndo, undoRun, type UndoPreview } from '@relctl/runner';
import { AUDIT_LOG_REF, describePlan, type RefUpdate } from '@relctl/core';
import type { ArgumentsCamelCase } from 'yargs';
import type { Io } from '../io.js';
import { toJson } from '../output/format.js';
import { defineCommand, type GlobalOptions } from './command.js';
import { withContext } from './shared/with-context.js';
import { continueWorktreeSync, refuseUndoOfPublishedRelease, remoteMoves, stoppedPushError, worktreeSyncPending, type CliContext } from '@relctl/engine/internal';

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
    withContext(args, io, async (context) => {
      const remote = context.remote ? context.policy.remote : null;
      // What the remote holds now: a published release is refused, and the "undone" event goes on top of the remote's log.
      if (remote && context.remote && !(args.dryRun && context.offline)) await context.remote.fetch(remote);
      await refuseUndoOfPublishedRelease(context, (await context.store.loadCurrent()) ?? (await context.store.loadLast()));
      if (args.dryRun) {
        const readRaw = async (ref: string) => {
          const raw = await readRawRef({ repo: context.repo, ref });
          return raw?.kind === 'direct' ? raw.sha : null;
        };
        const preview = await previewUndo({ git: context.git, store: context.store, remote, readRawRef: readRaw });
        if (args.json) io.stdout(toJson({ dryRun: true, ...preview }));
        else printUndoPreview(io, preview);
        return;
      }
      const ports = { git: context.git, log: context.log, ...(context.remote ? { remote: context.remote } : {}) };
      const logMove = remote ? await logFromRemote(context, remote) : null;
      const result = await undoRun({ ports, options: context.runOptions, store: context.store, remote }).catch(async (error: unknown) => {
        // A failed undo changes nothing: the log goes back too.
        if (logMove) await context.git.updateRefs([{ ref: logMove.ref, expected: logMove.next, next: logMove.expected }], { message: 'relctl: undo failed; log back as it was' });
        throw error;
      });
      if (args.json) io.stdout(toJson({ dryRun: false, ...result }));
      else if (result.restored.length === 0) io.stdout(`Dropped the unfinished run of "relctl ${result.command}"; no ref had moved.\n`);
      else {
        io.stdout(`Undid "relctl ${result.command}":\n`);
        for (const item of result.restored) io.stdout(`  ${item.ref}: ${item.from?.slice(0, 7) ?? '(none)'} -> ${item.to?.slice(0, 7) ?? '(deleted)'}\n`);
      }
    }, FINISHING),
});

/**
 * Before an undo records its "undone" event: bring the local audit log up to the remote's (every
 * event of both kept, as every writing command does), and set the remote's log as the push lease.
 * Only the log: the refs the run moved are undone against the values the run left. Returns the
 * move made, for taking it back when the undo fails.
 */
async function logFromRemote(context: CliContext, remote: string): Promise<RefUpdate | null> {
  const { moves, leases } = await remoteMoves(context, remote, 'keep-ours');
  context.runOptions.leases = { [AUDIT_LOG_REF]: leases[AUDIT_LOG_REF] ?? null };
  const move = moves.find((candidate) => candidate.ref === AUDIT_LOG_REF) ?? null;
  if (move) await context.git.updateRefs([move], { message: `relctl: update from ${remote}` });
  return move;
}

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
    ...preview.restored.map((item) => `move ${item.ref.replace(/^refs\/heads\//, '')} back: ${item.from?.slice(0, 7) ?? '(none)'} -> ${item.to?.slice(0, 7) ?? '(deleted)'}`),
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
  return withContext(args, io, async (context) => {
    if (!skip && worktreeSyncPending(context)) {
      const id = await continueWorktreeSync(context);
      if (args.json) io.stdout(toJson({ command: `sync ${id} --worktree`, finished: true }));
      else io.stdout(`Finished syncing ${id} with production.\n`);
      return;
    }
    const pending = await context.store.loadCurrent();
    const lines = pending ? describePlan(pending.plan) : [];
    const continued = continueRun({
      ports: { git: context.git, log: context.log, release: context.release, ...(context.remote ? { remote: context.remote } : {}) },
      options: { ...context.runOptions, onProgress: args.json ? undefined : (p) => io.stdout(`  ${p.index + 1}/${p.total} ${lines[p.index] ?? p.description} — ${p.outcome}\n`) },
      store: context.store,
      skip,
      currentHead: (id) => context.git.readRef(`refs/heads/${context.policy.requestPrefix}${id}`),
      describe: (step) => lines[pending?.plan.steps.indexOf(step) ?? -1] ?? step.kind,
    });
    // Its push failing again (still no network): the run stays saved; say so, and what to run next.
    const result = await continued.catch(async (error: unknown) => {
      throw context.policy.remote ? stoppedPushError(error, await context.store.loadCurrent(), context.policy.remote) : error;
    });
    if (args.json) io.stdout(toJson({ command: result.state.plan.command, outcomes: result.outcomes }));
    else io.stdout(`Finished "relctl ${result.state.plan.command}".\n`);
  }, FINISHING);
}
