import { validateRequestId } from '@relctl/core';
import { boundedText, findEnvironment, pairOverrides, promote } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface PromoteArgs {
  ids: string[];
  to: string;
  dryRun: boolean;
  override: string[];
  reason: string[];
  withDeps: boolean;
  viaPr: boolean;
  republish: boolean;
}

/** `relctl promote <ids…> --to <env>`: check the rules, then merge, release, rebuild and sync. */
export const promoteCommand = defineCommand<PromoteArgs>({
  command: 'promote <ids..>',
  describe: 'Promote requests into an environment (test: rebuild; prod: merge, release, rebuild test, sync the rest)',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, describe: 'Request ids' })
      .option('to', { type: 'string', demandOption: true, describe: 'Target environment' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the decision and the plan; change nothing' })
      .option('override', { type: 'string', array: true, default: [], describe: 'Let a failing rule pass (needs --reason)' })
      .option('reason', { type: 'string', array: true, default: [], describe: 'Why the override is right (logged)' })
      .option('with-deps', { type: 'boolean', default: false, describe: 'Add missing dependencies to the promotion' })
      .option('republish', { type: 'boolean', default: false, describe: 'Prod only: publish again commits someone removed from the production branch behind relctl (logged)' })
      .option('via-pr', { type: 'boolean', default: false, describe: 'Prod only: put the merges and release on a branch and open a pull request; "relctl after-merge" finishes' })
      .example('$0 promote A B C D --to test', 'Put four requests on the test server')
      .example('$0 promote A C --to prod --dry-run', 'Show what shipping A and C would do')
      .example('$0 promote A C --to prod --via-pr', 'Ship A and C through a reviewed pull request'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const ids = args.ids.map(String);
      ids.forEach((id) => validateRequestId(id));
      findEnvironment(context.policy, args.to);
      args.reason.forEach((reason) => boundedText('reason', String(reason)));
      const overrides = pairOverrides(args.override, args.reason);
      const { target, decision, plan, result } = await promote({
        session: context,
        requestIds: ids,
        to: args.to,
        overrides,
        withDeps: args.withDeps,
        dryRun: args.dryRun,
        viaPr: args.viaPr,
        republish: args.republish,
        json: args.json,
      });
      if (args.viaPr) return;
      if (args.json) {
        io.stdout(toJson({ decision, plan, dryRun: args.dryRun, release: result?.state.release ?? null, syncConflicts: result?.state.syncConflicts ?? [] }));
      } else if (result?.state.release) {
        io.stdout(`Released ${result.state.release.tagName} to ${target.name}.\n`);
      } else if (result) {
        io.stdout(`Promoted ${decision.order.join(', ')} to ${target.name}.\n`);
      }
    }),
});
