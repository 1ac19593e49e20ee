import { UsageError, shortSha, type Sha } from '@relctl/core';
import { rollbackTarget, type DeployRequest, type DeploySettings } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { runDeployFlow } from '../deploy/deploy-flow.js';
import { deploySettingsOf } from '../deploy/deploy-settings-of.js';
import { fetchBeforeDeploy } from '../deploy/fetch-before-deploy.js';
import type { LockedDeployOutcome } from '../deploy/run-locked-deploy.js';
import { unverifiedRelease } from '../deploy/unverified-release.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { boundedText } from '../shared/bounded-text.js';
import { findEnvironment } from '../shared/find-environment.js';

/**
 * Options of {@link rollback}.
 *
 * @example
 * ```ts
 * const options: RollbackOptions = { session, env: 'prod', to: '1.1.0', reason: 'checkout broken in 1.2.0' };
 * ```
 */
export interface RollbackOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The environment to roll back. */
  env: string;
  /** A deployed version (`1.1.0`) or SHA (7+ characters) to go back to; default the previous successful deployment. */
  to?: string;
  /** Why (recorded; required with `force`). */
  reason?: string;
  /** Take the environment's deploy lock from whoever holds it (needs `reason`). */
  force?: boolean;
  /** Seconds to wait for a held deploy lock before refusing (default 0). */
  waitSeconds?: number;
  /** Describe what would be deployed again; change nothing. */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` events, deploy output on stderr. */
  json?: boolean;
}

/**
 * What {@link rollback} did (or, for a dry run, would do).
 *
 * @example
 * ```ts
 * const { from, sha, outcome }: RollbackResult = await rollback({ session, env: 'prod' });
 * ```
 */
export interface RollbackResult {
  env: string;
  /** The command as typed (`rollback prod --to 1.1.0`). */
  command: string;
  /** What is put back in place. */
  sha: Sha;
  version: string | null;
  requests: DeployRequest[];
  settings: DeploySettings;
  /** What was live before, if anything is recorded. */
  from: { sha: Sha | null; version: string | null } | null;
  notes: string[];
  steps: string[];
  /** `null` for a dry run. */
  outcome: LockedDeployOutcome | null;
}

/**
 * Roll an environment back, as `relctl rollback <env>` does: deploy again the previous successful
 * deployment the audit log records (or the one named by `to`), without touching any branch, and
 * record `rolled-back`. Throws `UsageError` (exit code 2) when there is nothing to go back to.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   const { version, outcome } = await rollback({ session, env: 'prod', to: '1.1.0', reason: 'checkout broken' });
 *   console.log(version, outcome?.result.ok);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  const context = options.session;
  const force = options.force === true;
  const dryRun = options.dryRun === true;
  const wait = options.waitSeconds ?? 0;
  const env = findEnvironment(context.policy, options.env);
  const settings = deploySettingsOf(context.policy, env);
  const reason = boundedText('reason', options.reason)?.trim() || undefined;
  if (force && !reason) throw new UsageError('--force needs --reason "…": say why you take the deploy lock.', {});
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError('--wait takes a number of seconds (0 or more).', { wait });

  const fetched = await fetchBeforeDeploy(context, dryRun);
  const facts = await gatherFacts(context);
  // A deploy killed after switching current left a release the log never saw: that is what runs.
  const unverified = await unverifiedRelease({ context, settings });
  const target = rollbackTarget({
    events: facts.events,
    env: env.name,
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(unverified ? { unverified: { sha: unverified.sha, version: unverified.version } } : {}),
  });
  const requests = target.deployment.requestIds.map((id) => {
    const title = facts.requests.find((request) => request.id === id)?.title;
    return title === undefined ? { id } : { id, title };
  });
  const command = `rollback ${env.name}${options.to === undefined ? '' : ` --to ${options.to}`}`;
  const from = unverified ? { sha: unverified.sha, version: unverified.version } : target.current;
  const live = unverified
    ? `live now: ${shortSha(unverified.sha)} (${unverified.version ?? unverified.release}, not verified: a deploy switched to it and was killed before its after hook passed)`
    : from
      ? `live now: ${shortSha(from.sha)}${from.version ? ` (${from.version})` : ''}`
      : 'nothing recorded as live';
  const notes = [
    `${live}; going back to ${shortSha(target.sha)}${target.version ? ` (${target.version})` : ''}, deployed ${new Date(target.deployment.at).toISOString()} by ${target.deployment.actor}.`,
  ];
  const flow = await runDeployFlow({
    context,
    env,
    settings,
    sha: target.sha,
    version: target.version,
    requests,
    type: 'rolled-back',
    command,
    facts,
    notes,
    ...(reason ? { reason } : {}),
    data: { from: from?.sha ?? null, fromVersion: from?.version ?? null },
    force,
    waitMs: wait * 1000,
    fetched,
    dryRun,
    json: options.json === true,
  });
  return { env: env.name, command, sha: target.sha, version: target.version, requests, settings, from: from ?? null, ...flow };
}
