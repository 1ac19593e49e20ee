import { sync } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

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
      const { plan, upToDate, result, synced, conflicts } = await sync({ session: context, requestIds: ids, dryRun: args.dryRun, worktree: args.worktree, json: args.json });
      if (args.worktree) {
        if (!args.json) io.stdout(`Synced ${ids[0]} with production in your worktree.\n`);
        return 0;
      }
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, upToDate, conflicts }));
      else if (result === null && !args.dryRun)
        io.stdout(upToDate.length > 0 ? `Nothing to sync: ${upToDate.join(', ')} already ${upToDate.length === 1 ? 'has' : 'have'} the production tip.\n` : 'Nothing to sync.\n');
      else if (result) io.stdout(`Synced ${synced} request(s) with production${conflicts.length ? `; ${conflicts.length} left as they were (conflict)` : ''}.\n`);
      return conflicts.length > 0 ? 4 : 0;
    }),
});
