import { describePlan, printable, type Plan } from '@relctl/core';
import { executePlan, type RunResult } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { pinResolutions } from '../conflicts/pin-resolutions.js';
import { runPorts } from './run-ports.js';

/** What a writing command asks of {@link executeOrPrint}. */
export interface ExecuteOrPrintOptions {
  context: CliContext;
  plan: Plan;
  dryRun: boolean;
  /** The caller reports the outcome as one JSON document of its own: no progress events. */
  json: boolean;
}

/**
 * The one way writing operations act: pin the recorded conflict resolutions the plan's merges
 * apply (see `pinResolutions`), then with `dryRun` report the plan (a `plan-preview` event with
 * the same step lines the real run reports as it goes) and change nothing; otherwise execute it,
 * reporting `note`, `step` and `sync-conflict` events through the context's `emit`.
 * Returns the run result, or `null` for a dry run. With `json` it reports nothing: the caller
 * reports one JSON document with the plan.
 *
 * @example
 * ```ts
 * const result = await executeOrPrint({ context, plan, dryRun: false, json: false });
 * ```
 */
export async function executeOrPrint(options: ExecuteOrPrintOptions): Promise<RunResult | null> {
  const { context, plan, dryRun, json } = options;
  // Which recorded resolutions each merge applies is decided now, so the plan shows it and the run does exactly that.
  await pinResolutions(context, plan);
  const lines = describePlan(plan);
  if (dryRun) {
    // With json the caller reports one JSON document of its own (plan, decision, …): a second
    // one would make the output unparseable.
    if (!json) context.emit({ type: 'plan-preview', plan, lines });
    return null;
  }
  const quiet = json;
  if (!quiet) for (const note of plan.notes) context.emit({ type: 'note', message: note });
  // The run state keeps the step descriptions as people read them (escaped, see printable).
  const described = lines.map((line) => printable(line));
  const result = await executePlan({
    plan,
    ports: runPorts(context),
    options: {
      ...context.runOptions,
      onProgress: quiet
        ? undefined
        : (progress) =>
            context.emit({ type: 'step', index: progress.index, total: progress.total, line: lines[progress.index] ?? progress.description, outcome: progress.outcome }),
    },
    store: context.store,
    describe: (step) => described[plan.steps.indexOf(step)] ?? step.kind,
  });
  if (!quiet) {
    for (const conflict of result.state.syncConflicts) {
      const leftOut = result.state.leftOut?.find((out) => out.requestId === conflict.requestId);
      context.emit({
        type: 'sync-conflict',
        requestId: conflict.requestId,
        ref: conflict.ref,
        paths: conflict.conflicts.map((item) => item.path),
        ...(leftOut === undefined ? {} : { leftOutOf: leftOut.env }),
      });
    }
  }
  return result;
}
