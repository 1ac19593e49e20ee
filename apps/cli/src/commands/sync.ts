import { UsageError, planSync, validateRequestId, type Facts, type Plan } from '@relctl/core';
import type { CliContext } from '@relctl/engine/internal';
import { startWorktreeSync } from '@relctl/engine/internal';
import { gatherFacts } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { executeOrPrint } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { withRemoteRetry } from '@relctl/engine/internal';

interface SyncArgs {
  ids: string[];
  dryRun: boolean;
  worktree: boolean;
}

/**
 * `relctl sync [ids…]`: merge the production tip into request branches on objects. A conflicting
 * request is reported and left as it was.
 */
export const syncCommand = defineCommand<SyncArgs>({
  command: 'sync [ids..]',
  describe: 'Bring the production tip into request branches (all open requests by default)',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, default: [], describe: 'Request ids (default: every open request)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .option('worktree', { type: 'boolean', default: false, describe: 'Merge in this checkout and leave conflict markers to resolve by hand (one request; needs git)' })
      .example('$0 sync', 'After A shipped: give B, C and D the code of A')
      .example('$0 sync D --worktree', 'D conflicts: resolve it in your editor, then "relctl continue"')
      .example('$0 sync B', 'Only B'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const ids = args.ids.map(String);
      ids.forEach((id) => validateRequestId(id));
      if (args.worktree) {
        if (ids.length !== 1 || args.dryRun) throw new UsageError('"sync --worktree" takes exactly one request id and no --dry-run.', {});
        await startWorktreeSync(context, ids[0] as string);
        if (!args.json) io.stdout(`Synced ${ids[0]} with production in your worktree.\n`);
        return 0;
      }
      return withRemoteRetry(context, args.dryRun, async () => {
      const facts = await gatherFacts(context);
      const command = ids.length > 0 ? `sync ${ids.join(' ')}` : 'sync';
      const planned = planSync({ policy: context.policy, facts, ...(ids.length > 0 ? { requestIds: ids } : {}), command });
      // A request that already holds the production tip has nothing to sync: left out of the plan
      // (and of the "synced" event), so the dry run shows and the log records only real syncs.
      const { upToDate, plan } = await withoutUpToDate(context, facts, planned);
      // Nothing to do is not a run: it records nothing, and "relctl undo" still takes back the last real one.
      const idle = plan.steps.length === 0 && !args.dryRun;
      const result = idle ? null : await executeOrPrint({ context, plan, dryRun: args.dryRun, json: args.json });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, upToDate, conflicts: result?.state.syncConflicts ?? [] }));
      else if (idle) io.stdout(upToDate.length > 0 ? `Nothing to sync: ${upToDate.join(', ')} already ${upToDate.length === 1 ? 'has' : 'have'} the production tip.\n` : 'Nothing to sync.\n');
      else if (result) {
        const synced = result.state.plan.steps.filter((step) => step.kind === 'sync').length - result.state.syncConflicts.length;
        io.stdout(`Synced ${synced} request(s) with production${result.state.syncConflicts.length ? `; ${result.state.syncConflicts.length} left as they were (conflict)` : ''}.\n`);
      }
      return result && result.state.syncConflicts.length > 0 ? 4 : 0;
      });
    }),
});

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
