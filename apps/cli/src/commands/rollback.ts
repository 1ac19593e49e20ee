import { rollback } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { describeDeployOutcome } from '../deploy/describe-deploy-outcome.js';
import { printDeployPlan } from '../deploy/print-deploy-plan.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface RollbackArgs {
  env: string;
  to?: string;
  reason?: string;
  force: boolean;
  wait: number;
  dryRun: boolean;
}

/**
 * `relctl rollback <env> [--to <version|sha>]`: deploy again what was live before — the previous
 * successful deployment from the audit log, or the one named — without touching any branch, and
 * record `rolled-back`. With the `directory` strategy the release folder is still there, so
 * `current` moves back in one rename. Exit codes as for `relctl deploy`; 2 when there is nothing
 * to roll back to.
 */
export const rollbackCommand = defineCommand<RollbackArgs>({
  command: 'rollback <env>',
  describe: 'Deploy the previous successful deployment of an environment again (or --to one), without touching branches',
  builder: (yargs) =>
    yargs
      .positional('env', { type: 'string', describe: 'Environment to roll back' })
      .option('to', { type: 'string', describe: 'A deployed version (1.1.0) or SHA (7+ characters) to go back to' })
      .option('reason', { type: 'string', describe: 'Why (recorded; required with --force)' })
      .option('force', { type: 'boolean', default: false, describe: "Take the environment's deploy lock from whoever holds it (needs --reason)" })
      .option('wait', { type: 'number', default: 0, describe: 'Seconds to wait for a held deploy lock before refusing' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be deployed again; change nothing' })
      .example('$0 rollback prod', 'Put the release before the current one back on prod')
      .example('$0 rollback prod --to 1.1.0 --reason "checkout broken in 1.2.0"', 'Go back to a named release'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const done = await rollback({
        session: context,
        env: args.env,
        ...(args.to !== undefined ? { to: args.to } : {}),
        ...(args.reason !== undefined ? { reason: args.reason } : {}),
        force: args.force,
        waitSeconds: args.wait,
        dryRun: args.dryRun,
        json: args.json,
      });
      const { env, sha, version, requests, from, steps } = done;
      if (done.outcome === null) {
        printDeployPlan({ io, json: args.json, command: done.command, notes: done.notes, steps, data: { env, sha, version, requests, from } });
        return 0;
      }
      const { result, interruptedBy } = done.outcome;
      const line = describeDeployOutcome({ result, env, sha, version, action: 'rollback', timeoutSeconds: done.settings.timeoutSeconds, interruptedBy });
      if (args.json) io.stdout(toJson({ ok: result.ok, env, sha, version, from, steps, result, message: line }));
      else if (result.ok) io.stdout(`${line}\n`);
      if (!result.ok) {
        if (!args.json) io.stderr(`relctl: ${line}\n`);
        return 1;
      }
      return 0;
    }),
});
