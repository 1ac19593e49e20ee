import { dirname } from 'node:path';
import { RuleDeniedError, StateError, UsageError } from '@relctl/core';
import { branchRef, gatherFacts } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { assertConfigComplete } from '@relctl/engine/internal';
import { deployLockTtl } from '@relctl/engine/internal';
import { deploySettingsOf } from '@relctl/engine/internal';
import { describeDeploy } from '../deploy/describe-deploy.js';
import { describeDeployOutcome } from '../deploy/describe-deploy-outcome.js';
import { dryRunLockNote } from '@relctl/engine/internal';
import { fetchBeforeDeploy } from '@relctl/engine/internal';
import { printDeployPlan } from '../deploy/print-deploy-plan.js';
import { requestsAtSha } from '@relctl/engine/internal';
import { resolveDeploySha } from '@relctl/engine/internal';
import { runLockedDeploy } from '@relctl/engine/internal';
import { versionAtSha } from '@relctl/engine/internal';
import { unverifiedNote, unverifiedRelease } from '@relctl/engine/internal';
import { defineCommand } from './command.js';
import { findEnvironment } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { printable } from '../output/printable.js';
import { boundedText } from '@relctl/engine/internal';

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
      const env = findEnvironment(context.policy, args.env);
      const settings = deploySettingsOf(context.policy, env);
      const reason = boundedText('reason', args.reason)?.trim();
      if ((args.force || args.overrideSha) && !reason) {
        throw new UsageError(`${args.force ? '--force' : '--override-sha'} needs --reason "…": say why, it is recorded in the audit log.`, {});
      }
      if (args.overrideSha && args.sha === undefined) throw new UsageError('--override-sha goes with --sha <commit>; without --sha relctl deploys the branch tip.', {});
      if (reason && !args.force && !args.overrideSha) throw new UsageError('--reason goes with --override-sha or --force.', {});
      if (!Number.isFinite(args.wait) || args.wait < 0) throw new UsageError('--wait takes a number of seconds (0 or more).', { wait: args.wait });

      const fetched = await fetchBeforeDeploy(context, args.dryRun);
      const tip = await context.git.readRef(branchRef(env.branch));
      if (!tip) {
        throw new StateError(`${env.branch}, the branch of ${env.name}, does not exist yet; promote requests to ${env.name} (or run "relctl init") first.`, {
          env: env.name,
          branch: env.branch,
        });
      }
      const sha = args.sha === undefined ? tip : await resolveDeploySha({ context, input: args.sha, tip });
      const onBranch = sha === tip || (await context.git.isAncestor(sha, tip));
      const notes: string[] = [];
      if (!onBranch) {
        if (!args.overrideSha) {
          throw new RuleDeniedError(
            `${sha.slice(0, 7)} is not on ${env.branch} (the branch of ${env.name}, at ${tip.slice(0, 7)}); deploy a commit of that branch, or pass --override-sha --reason "…" to deploy it anyway.`,
            { env: env.name, sha, branch: env.branch, tip },
          );
        }
        notes.push(`${sha.slice(0, 7)} is not on ${env.branch}; deploying it anyway (--override-sha: ${reason}).`);
      }
      const facts = await gatherFacts(context);
      const version = await versionAtSha({ git: context.git, sha, tagPrefix: context.policy.tagPrefix });
      const requests = await requestsAtSha({ context, env, sha, facts });
      const config = await assertConfigComplete({ context, env, settings, sha });
      if (config) notes.push(`config-complete: ${config.message}.`);
      const unverified = await unverifiedRelease({ context, settings });
      if (unverified) notes.push(unverifiedNote(env.name, unverified));
      const command = `deploy ${env.name}${args.sha === undefined ? '' : ` --sha ${sha}`}`;
      const waitMs = args.wait * 1000;

      // The steps the real run carries out, described the same way for both: the dry run prints
      // them, the real run's JSON answer lists them.
      const steps = describeDeploy({
        env: env.name,
        settings,
        sha,
        version,
        requests,
        type: 'deployed',
        baseDir: context.configFile ? dirname(context.configFile) : context.root,
        remote: context.remote ? context.policy.remote : null,
      });

      if (args.dryRun) {
        const lockNote = dryRunLockNote({ events: facts.events, env: env.name, now: io.now(), ttlMs: deployLockTtl(settings), force: args.force, waitMs });
        if (lockNote) notes.push(lockNote);
        printDeployPlan({ io, json: args.json, command, notes, steps, data: { env: env.name, sha, version, requests, strategy: settings.strategy, onBranch } });
        return 0;
      }

      if (!args.json) for (const note of notes) io.stdout(`note: ${printable(note)}\n`);
      const outcome = await runLockedDeploy({
        context,
        env,
        settings,
        sha,
        version,
        requests,
        type: 'deployed',
        command,
        ...(reason ? { reason } : {}),
        data: { branch: env.branch, tip, ...(onBranch ? {} : { overrideSha: true }) },
        ...(args.force && reason ? { force: { reason } } : {}),
        waitMs,
        fetched,
        json: args.json,
      });
      const line = describeDeployOutcome({
        result: outcome.result,
        env: env.name,
        sha,
        version,
        action: 'deploy',
        timeoutSeconds: settings.timeoutSeconds,
        interruptedBy: outcome.interruptedBy,
      });
      if (args.json) io.stdout(toJson({ ok: outcome.result.ok, env: env.name, sha, version, requests, steps, result: outcome.result, message: line }));
      else if (outcome.result.ok) io.stdout(`${line}\n`);
      if (!outcome.result.ok) {
        if (!args.json) io.stderr(`relctl: ${line}\n`);
        return 1;
      }
      return 0;
    }),
});
