import { demote } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface DemoteArgs {
  ids: string[];
  from: string;
  dryRun: boolean;
}

/** `relctl demote <ids…> --from <env>`: rebuild an integration environment without them. */
export const demoteCommand = defineCommand<DemoteArgs>({
  command: 'demote <ids..>',
  describe: 'Take requests off an integration environment (rebuilds it without them)',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, describe: 'Request ids' })
      .option('from', { type: 'string', demandOption: true, describe: 'Integration environment' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .example('$0 demote B --from test', 'B broke the test server: rebuild test without it'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const ids = args.ids.map(String);
      const { env, plan, result } = await demote({ session: context, requestIds: ids, from: args.from, dryRun: args.dryRun, json: args.json });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan }));
      else if (result) io.stdout(`Removed ${ids.join(', ')} from ${env.name}.\n`);
    }),
});
