import { dirname } from 'node:path';
import { UsageError } from '@relctl/core';
import { rollbackTarget } from '@relctl/deploy';
import { gatherFacts } from '@relctl/engine/internal';
import { toJson } from '../output/format.js';
import { deployLockTtl } from '@relctl/engine/internal';
import { deploySettingsOf } from '@relctl/engine/internal';
import { describeDeploy } from '../deploy/describe-deploy.js';
import { describeDeployOutcome } from '../deploy/describe-deploy-outcome.js';
import { dryRunLockNote } from '@relctl/engine/internal';
import { fetchBeforeDeploy } from '@relctl/engine/internal';
import { printDeployPlan } from '../deploy/print-deploy-plan.js';
import { runLockedDeploy } from '@relctl/engine/internal';
import { unverifiedRelease } from '@relctl/engine/internal';
import { defineCommand } from './command.js';
import { findEnvironment } from '@relctl/engine/internal';
import { withContext } from './shared/with-context.js';
import { printable } from '../output/printable.js';
import { boundedText } from '@relctl/engine/internal';

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
      const env = findEnvironment(context.policy, args.env);
      const settings = deploySettingsOf(context.policy, env);
      const reason = boundedText('reason', args.reason)?.trim() || undefined;
      if (args.force && !reason) throw new UsageError('--force needs --reason "…": say why you take the deploy lock.', {});
      if (!Number.isFinite(args.wait) || args.wait < 0) throw new UsageError('--wait takes a number of seconds (0 or more).', { wait: args.wait });

      const fetched = await fetchBeforeDeploy(context, args.dryRun);
      const facts = await gatherFacts(context);
      // A deploy killed after switching current left a release the log never saw: that is what runs.
      const unverified = await unverifiedRelease({ context, settings });
      const target = rollbackTarget({
        events: facts.events,
        env: env.name,
        ...(args.to !== undefined ? { to: args.to } : {}),
        ...(unverified ? { unverified: { sha: unverified.sha, version: unverified.version } } : {}),
      });
      const requests = target.deployment.requestIds.map((id) => {
        const title = facts.requests.find((request) => request.id === id)?.title;
        return title === undefined ? { id } : { id, title };
      });
      const command = `rollback ${env.name}${args.to === undefined ? '' : ` --to ${args.to}`}`;
      const from = unverified ? { sha: unverified.sha, version: unverified.version } : target.current;
      const live = unverified
        ? `live now: ${unverified.sha.slice(0, 7)} (${unverified.version ?? unverified.release}, not verified: a deploy switched to it and was killed before its after hook passed)`
        : from
          ? `live now: ${from.sha?.slice(0, 7) ?? '-'}${from.version ? ` (${from.version})` : ''}`
          : 'nothing recorded as live';
      const notes = [
        `${live}; going back to ${target.sha.slice(0, 7)}${target.version ? ` (${target.version})` : ''}, deployed ${new Date(target.deployment.at).toISOString()} by ${target.deployment.actor}.`,
      ];

      // The steps the real run carries out, described the same way for both (see deploy).
      const steps = describeDeploy({
        env: env.name,
        settings,
        sha: target.sha,
        version: target.version,
        requests,
        type: 'rolled-back',
        baseDir: context.configFile ? dirname(context.configFile) : context.root,
        remote: context.remote ? context.policy.remote : null,
      });

      if (args.dryRun) {
        const lockNote = dryRunLockNote({ events: facts.events, env: env.name, now: io.now(), ttlMs: deployLockTtl(settings), force: args.force, waitMs: args.wait * 1000 });
        if (lockNote) notes.push(lockNote);
        printDeployPlan({ io, json: args.json, command, notes, steps, data: { env: env.name, sha: target.sha, version: target.version, requests, from } });
        return 0;
      }

      if (!args.json) for (const note of notes) io.stdout(`note: ${printable(note)}\n`);
      const outcome = await runLockedDeploy({
        context,
        env,
        settings,
        sha: target.sha,
        version: target.version,
        requests,
        type: 'rolled-back',
        command,
        ...(reason ? { reason } : {}),
        data: { from: from?.sha ?? null, fromVersion: from?.version ?? null },
        ...(args.force && reason ? { force: { reason } } : {}),
        waitMs: args.wait * 1000,
        fetched,
        json: args.json,
      });
      const line = describeDeployOutcome({
        result: outcome.result,
        env: env.name,
        sha: target.sha,
        version: target.version,
        action: 'rollback',
        timeoutSeconds: settings.timeoutSeconds,
        interruptedBy: outcome.interruptedBy,
      });
      if (args.json) io.stdout(toJson({ ok: outcome.result.ok, env: env.name, sha: target.sha, version: target.version, from, steps, result: outcome.result, message: line }));
      else if (outcome.result.ok) io.stdout(`${line}\n`);
      if (!outcome.result.ok) {
        if (!args.json) io.stderr(`relctl: ${line}\n`);
        return 1;
      }
      return 0;
    }),
});
