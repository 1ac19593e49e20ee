import { describePlan, type Plan } from '@relctl/core';
import { executePlan, type RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { pinResolutions } from '../conflicts/pin-resolutions.js';
import { colorsFor } from '../legacy/colors.js';
import { printable, quotePath } from '../legacy/printable.js';

/** What a writing command asks of {@link executeOrPrint}. */
export interface ExecuteOrPrintOptions {
  context: CliContext;
  plan: Plan;
  dryRun: boolean;
  json: boolean;
}

/**
 * The one way writing commands act: pin the recorded conflict resolutions the plan's merges apply
 * (see `pinResolutions`), then with `--dry-run` print the plan (the same step lines the real run
 * prints as it goes) and change nothing; otherwise execute it, showing progress.
 * Returns the run result, or `null` for a dry run. With `--json` it prints nothing: the command
 * prints one JSON document with the plan.
 */
export async function executeOrPrint(options: ExecuteOrPrintOptions): Promise<RunResult | null> {
  const { context, plan, dryRun, json } = options;
  const { io } = context;
  // Which recorded resolutions each merge applies is decided now, so the plan shows it and the run does exactly that.
  await pinResolutions(context, plan);
  // Plan lines quote titles and reasons (commit messages, events): shown escaped, as all human output.
  const lines = describePlan(plan).map((line) => printable(line));
  if (dryRun) {
    // With --json the command prints one JSON document of its own (plan, decision, …): a second
    // one here would make the output unparseable.
    if (!json) {
      io.stdout(`Plan for "relctl ${plan.command}" (dry run, nothing changed):\n`);
      for (const note of plan.notes) io.stdout(`  note: ${printable(note)}\n`);
      lines.forEach((line, index) => io.stdout(`  ${index + 1}. ${line}\n`));
    }
    return null;
  }
  const colors = colorsFor(io);
  const quiet = json;
  if (!quiet) for (const note of plan.notes) io.stdout(`note: ${printable(note)}\n`);
  const result = await executePlan({
    plan,
    ports: { git: context.git, log: context.log, release: context.release, ...(context.remote ? { remote: context.remote } : {}) },
    options: {
      ...context.runOptions,
      onProgress: quiet
        ? undefined
        : (progress) =>
            io.stdout(`  ${colors.dim(`${progress.index + 1}/${progress.total}`)} ${lines[progress.index] ?? progress.description} ${colors.dim(`— ${progress.outcome}`)}\n`),
    },
    store: context.store,
    describe: (step) => lines[plan.steps.indexOf(step)] ?? step.kind,
  });
  if (!quiet) {
    for (const conflict of result.state.syncConflicts) {
      io.stdout(
        `${colors.yellow('warning:')} ${conflict.requestId} was not synced: conflict in ${conflict.conflicts.map((item) => quotePath(item.path)).join(', ')}; run "relctl sync ${conflict.requestId} --worktree" to resolve it by hand.\n`,
      );
    }
  }
  return result;
}
