import { deploy } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { describeDeployOutcome } from '../deploy/describe-deploy-outcome.js';
import { printDeployPlan } from '../deploy/print-deploy-plan.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface DeployArgs {
  env: string;
  sha?: string;
  overrideSha: boolean;
  reason?: string;
  force: boolean;
  wait: number;
  dryRun: boolean;
}

/**
 * `relctl deploy <env>`: put the exact tip of the environment's branch (or `--sha`) on its
 * server with the environment's `deploy` settings, under the environment's lock, and record the
 * deployment in the audit log.
 *
 * Exit codes: 0 deployed; 1 the deploy command or a hook failed (one line says which; the
 * deployment is recorded with `ok: false`); 2 bad input, config, or the lock is held; 3 refused
 * by a check — a `--sha` not on the environment's branch (without `--override-sha --reason`) or
 * `config-complete`; 5 the audit log kept moving.
 */
export const deployCommand = defineCommand<DeployArgs>({
  command: 'deploy <env>',
  describe: "Deploy an environment's branch tip (or --sha) with its deploy settings, under the environment's lock; recorded in the audit log",
  builder: (yargs) =>
    yargs
      .positional('env', { type: 'string', describe: 'Environment to deploy' })
      .option('sha', { type: 'string', describe: 'Deploy this commit (full SHA, tag, or prefix of a commit on the branch) instead of the branch tip' })
      .option('override-sha', { type: 'boolean', default: false, describe: 'Deploy a --sha that is not on the environment branch (needs --reason)' })
      .option('reason', { type: 'string', describe: 'Why --override-sha or --force is right (recorded)' })
      .option('force', { type: 'boolean', default: false, describe: "Take the environment's deploy lock from whoever holds it (needs --reason)" })
      .option('wait', { type: 'number', default: 0, describe: 'Seconds to wait for a held deploy lock before refusing' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be deployed and how; change nothing' })
      .example('$0 deploy test', 'Deploy the tip of env/test')
      .example('$0 deploy prod --sha v1.1.0', 'Deploy release 1.1.0 of prod again')
      .example('$0 deploy prod --force --reason "the CI job died mid-deploy"', "Take a crashed deploy's lock"),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const done = await deploy({
        session: context,
        env: args.env,
        ...(args.sha !== undefined ? { sha: args.sha } : {}),
        overrideSha: args.overrideSha,
        ...(args.reason !== undefined ? { reason: args.reason } : {}),
        force: args.force,
        waitSeconds: args.wait,
        dryRun: args.dryRun,
        json: args.json,
      });
      const { env, sha, version, requests, steps } = done;
      if (done.outcome === null) {
        printDeployPlan({
          io,
          json: args.json,
          command: done.command,
          notes: done.notes,
          steps,
          data: { env, sha, version, requests, strategy: done.settings.strategy, onBranch: done.onBranch },
        });
        return 0;
      }
      const { result, interruptedBy } = done.outcome;
      const line = describeDeployOutcome({ result, env, sha, version, action: 'deploy', timeoutSeconds: done.settings.timeoutSeconds, interruptedBy });
      if (args.json) io.stdout(toJson({ ok: result.ok, env, sha, version, requests, steps, result, message: line }));
      else if (result.ok) io.stdout(`${line}\n`);
      if (!result.ok) {
        if (!args.json) io.stderr(`relctl: ${line}\n`);
        return 1;
      }
      return 0;
    }),
});
