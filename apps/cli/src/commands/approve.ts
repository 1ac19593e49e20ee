import { approve } from '@relctl/engine';
import { shortSha, toJson } from '../output/format.js';
import { printable } from '../output/printable.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface ApproveArgs {
  id: string;
  for: string;
  by?: string;
  dryRun: boolean;
  candidate?: string;
}

/** `relctl approve <id> --for <env>`: an approval pinned to the request's current head. */
export const approveCommand = defineCommand<ApproveArgs>({
  command: 'approve [id]',
  describe: "Record an approval of a request's current head for an environment",
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', describe: 'Request id' })
      .option('for', { type: 'string', demandOption: true, describe: 'Environment the approval is for' })
      .option('by', { type: 'string', describe: 'Who approves (default: you, from git config)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .option('candidate', { type: 'string', describe: 'Approve candidate/<name> by its tree instead of a request (see relctl candidate)' })
      .example('$0 approve A --for prod --by "Kim <kim@example.com>"', 'The requester tried A on test and wants it live'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const approved = await approve({
        session: context,
        ...(args.id === undefined ? {} : { requestId: args.id }),
        ...(args.candidate === undefined ? {} : { candidate: args.candidate }),
        for: args.for,
        ...(args.by === undefined ? {} : { by: args.by }),
        dryRun: args.dryRun,
        json: args.json,
      });
      // A candidate's approval is reported by the engine's events.
      if (approved === null) return;
      const { plan, result, approval, request } = approved;
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, approval }));
      else if (result) {
        const signed = context.signingKey === null ? '' : `, signed with your ${context.signingKey.format === 'ssh' ? 'SSH' : 'OpenPGP'} key`;
        io.stdout(
          `Approved ${approval.requestId} at ${shortSha(request.head)} for ${approval.env} (by ${printable(approval.by)}${signed}). A new commit on ${request.branch} makes this approval stale.\n`,
        );
      }
    }),
});
