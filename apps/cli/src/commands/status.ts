import { readStatus } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { renderStatus } from '../output/render-status.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

/** `relctl status`: every request against every environment, and each environment's state. */
export const statusCommand = defineCommand<{ all: boolean }>({
  command: 'status',
  describe: 'Show every request in every environment: in / stale / not in, approvals, waiting time, conflicts',
  builder: (yargs) =>
    yargs
      .option('all', { type: 'boolean', default: false, describe: 'Show shipped and closed requests too, with a state column' })
      .example('$0 status', 'The morning table')
      .example('$0 status --all', 'With shipped and closed requests')
      .example('$0 status --json', 'The same data for scripts (every request, with its state and a hidden flag)'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const report = await readStatus({ session: context });
      io.stdout(args.json ? toJson(report) : renderStatus(report, io, { all: args.all }));
    }),
});
