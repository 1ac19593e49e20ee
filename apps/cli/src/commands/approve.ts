import { NotFoundError, planApproval, validateRequestId } from '@relctl/core';
import { approveCandidate } from '@relctl/engine/internal';
import { gatherFacts } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { shortSha } from '../output/format.js';
import { defineCommand } from './command.js';
import { assertCanSignApproval } from '@relctl/engine/internal';
import { executeOrPrint } from '@relctl/engine/internal';
import { findEnvironment } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { withRemoteRetry } from '@relctl/engine/internal';
import { printable } from '../output/printable.js';
import { boundedText } from '@relctl/engine/internal';

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
      boundedText('by', args.by);
      if (args.candidate !== undefined || args.id === undefined) return approveCandidate({ context, name: args.candidate, env: args.for, by: args.by, dryRun: args.dryRun, json: args.json });
      validateRequestId(args.id);
      const env = findEnvironment(context.policy, args.for);
      await withRemoteRetry(context, args.dryRun, async () => {
const facts = await gatherFacts(context);
      const request = facts.requests.find((candidate) => candidate.id === args.id);
      if (!request) throw new NotFoundError(`There is no request "${args.id}"; see "relctl request list".`, { id: args.id });
      // A refusal here changes nothing: no signing key, a key no allowed signer has, or --by naming someone else.
      await assertCanSignApproval(context, env, args.by);
      const by = args.by ?? context.actor;
      const plan = planApproval({ policy: context.policy, facts, requestId: args.id, env: env.name, by, command: `approve ${args.id} --for ${env.name}` });
      const result = await executeOrPrint({ context, plan, dryRun: args.dryRun, json: args.json });
      if (args.json) io.stdout(toJson({ dryRun: args.dryRun, plan, approval: { requestId: args.id, env: env.name, sha: request.head, by } }));
      else if (result) {
        const signed = context.signingKey === null ? '' : `, signed with your ${context.signingKey.format === 'ssh' ? 'SSH' : 'OpenPGP'} key`;
        io.stdout(`Approved ${args.id} at ${shortSha(request.head)} for ${env.name} (by ${printable(by)}${signed}). A new commit on ${request.branch} makes this approval stale.\n`);
      }
      });
    }),
});
