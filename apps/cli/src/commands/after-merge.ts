import { afterMerge } from '@relctl/engine';
import { shortSha, toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface AfterMergeArgs {
  dryRun: boolean;
}

/**
 * `relctl after-merge`: for a CI job on the production branch. Finishes the promotion whose pull
 * request (`promote --via-pr`) was merged: tag, rebuild test without the shipped requests, sync
 * the others, record, push (the engine's `afterMerge`). Running it again does nothing.
 */
export const afterMergeCommand = defineCommand<AfterMergeArgs>({
  command: 'after-merge',
  describe: 'Finish a promotion whose pull request was merged (tag, rebuild test, sync the rest); for CI on the production branch',
  builder: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be finished; change nothing' })
      .example('$0 after-merge', 'After the pull request of "promote A C --to prod --via-pr" was merged')
      .example('$0 after-merge --dry-run', 'Show the plan (tag, rebuild, syncs) without doing it'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const outcome = await afterMerge({ session: context, dryRun: args.dryRun, json: args.json });
      const { release, reason, plan, result } = outcome;
      if (reason !== null) {
        if (args.json) io.stdout(toJson({ finished: false, reason, release }));
        else io.stdout(`${reason}\n`);
        return;
      }
      if (args.json) {
        io.stdout(toJson({ finished: result !== null, dryRun: args.dryRun, release, plan, syncConflicts: result?.state.syncConflicts ?? [] }));
      } else if (result && release) {
        io.stdout(`Finished release ${release.tag} on ${outcome.env}: tagged ${shortSha(release.commit)} (${release.requestIds.join(', ')}).\n`);
      }
    }),
});
