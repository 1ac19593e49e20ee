import { UsageError, planSync, validateRequestId } from '@relctl/core';
import { startWorktreeSync } from './shared/worktree-sync.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { executeOrPrint } from './shared/execute-or-print.js';
import { withContext } from './shared/with-context.js';
import { withRemoteRetry } from './shared/remote-sync.js';

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
      const plan = planSync({ policy: context.policy, facts, ...(ids.length > 0 ? { requestIds: ids } : {}), command });
      const result = await executeOrPrint({ context, plan, dryRun: args.dryRun, json: args.json });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, conflicts: result?.state.syncConflicts ?? [] }));
      else if (result) {
        const synced = result.state.plan.steps.filter((step) => step.kind === 'sync').length - result.state.syncConflicts.length;
        io.stdout(`Synced ${synced} request(s) with production${result.state.syncConflicts.length ? `; ${result.state.syncConflicts.length} left as they were (conflict)` : ''}.\n`);
      }
      return result && result.state.syncConflicts.length > 0 ? 4 : 0;
      });
    }),
});
