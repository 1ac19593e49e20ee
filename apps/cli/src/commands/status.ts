import { readStatus } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { renderStatus } from '../output/render-status.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

/** `relctl status`: every request against every environment, and each environment's state. */
export const statusCommand = defineCommand<Record<string, never>>({
  command: 'status',
  describe: 'Show every request in every environment: in / stale / not in, approvals, waiting time, conflicts',
  builder: (yargs) => yargs.example('$0 status', 'The morning table').example('$0 status --json', 'The same data for scripts'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const report = await readStatus({ session: context });
      io.stdout(args.json ? toJson(report) : renderStatus(report, io));
    }),
});
