import { revert } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface RevertArgs {
  id: string;
  dryRun: boolean;
  reason?: string;
}

/**
 * `relctl revert <id>`: take a shipped request out of production by reverting its merge commit
 * (`git revert -m 1`), released as a new patch version and tagged; integration environments are
 * rebuilt on the new production tip. A revert that conflicts with later changes is refused
 * before anything moves.
 */
export const revertCommand = defineCommand<RevertArgs>({
  command: 'revert <id>',
  describe: 'Take a shipped request out of production: revert its merge, release a patch version, rebuild test',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Request id' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .option('reason', { type: 'string', describe: 'Why the request must go (logged and written in the revert commit)' })
      .example('$0 revert A --reason "CSV export breaks checkout"', 'Take A out of production as a new patch release')
      .example('$0 revert A --dry-run', 'Show what reverting A would do'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const id = String(args.id);
      const { plan, result } = await revert({
        session: context,
        requestId: id,
        ...(args.reason !== undefined ? { reason: args.reason } : {}),
        dryRun: args.dryRun,
        json: args.json,
      });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, release: result?.state.release ?? null }));
      else if (result?.state.release) io.stdout(`Reverted ${id}: released ${result.state.release.tagName}.\n`);
    }),
});
