import { RuleDeniedError, StateError, UsageError, shortSha, type Sha } from '@relctl/core';
import type { DeployRequest, DeploySettings } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { assertConfigComplete } from '../deploy/assert-config-complete.js';
import { runDeployFlow } from '../deploy/deploy-flow.js';
import { deploySettingsOf } from '../deploy/deploy-settings-of.js';
import { fetchBeforeDeploy } from '../deploy/fetch-before-deploy.js';
import { requestsAtSha } from '../deploy/requests-at-sha.js';
import { resolveDeploySha } from '../deploy/resolve-deploy-sha.js';
import type { LockedDeployOutcome } from '../deploy/run-locked-deploy.js';
import { unverifiedNote, unverifiedRelease } from '../deploy/unverified-release.js';
import { versionAtSha } from '../deploy/version-at-sha.js';
import { branchRef, gatherFacts } from '../facts/gather-facts.js';
import { boundedText } from '../shared/bounded-text.js';
import { findEnvironment } from '../shared/find-environment.js';

/**
 * Options of {@link deploy}.
 *
 * @example
 * ```ts
 * const options: DeployOptions = { session, env: 'prod', sha: 'v1.1.0', dryRun: true };
 * ```
 */
export interface DeployOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** The environment to deploy. */
  env: string;
  /** Deploy this commit (full SHA, tag, or prefix of a commit on the branch) instead of the branch tip. */
  sha?: string;
  /** Deploy a `sha` that is not on the environment's branch (needs `reason`). */
  overrideSha?: boolean;
  /** Why `overrideSha` or `force` is right (recorded). */
  reason?: string;
  /** Take the environment's deploy lock from whoever holds it (needs `reason`). */
  force?: boolean;
  /** Seconds to wait for a held deploy lock before refusing (default 0). */
  waitSeconds?: number;
  /** Describe what would be deployed and how; change nothing. */
  dryRun?: boolean;
  /** The caller reports the outcome as one JSON document: no `note` events, deploy output on stderr. */
  json?: boolean;
}

/**
 * What {@link deploy} did (or, for a dry run, would do).
 *
 * @example
 * ```ts
 * const { outcome, steps }: DeployResult = await deploy({ session, env: 'test' });
 * console.log(outcome?.result.ok, steps.length);
 * ```
 */
export interface DeployResult {
  env: string;
  /** The command as typed (`deploy prod --sha …`). */
  command: string;
  sha: Sha;
  version: string | null;
  requests: DeployRequest[];
  settings: DeploySettings;
  /** The SHA is on the environment's branch. */
  onBranch: boolean;
  notes: string[];
  /** The steps, in the order the run carries them out. */
  steps: string[];
  /** The locked deploy's outcome; `null` for a dry run. A failed deploy has `outcome.result.ok === false`. */
  outcome: LockedDeployOutcome | null;
}

/**
 * Deploy an environment, as `relctl deploy <env>` does: put the exact tip of its branch (or
 * `sha`) on its server with its `deploy` settings, under the environment's lock, and record the
 * deployment in the audit log. Deploy output comes as `deploy-output` events, lock waits as
 * `progress` events. A `sha` off the branch without `overrideSha` throws `RuleDeniedError`.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir, onEvent: (event) => console.log(event) });
 * try {
 *   const { outcome } = await deploy({ session, env: 'test' });
 *   console.log(outcome?.result.ok);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const context = options.session;
  const force = options.force === true;
  const overrideSha = options.overrideSha === true;
  const dryRun = options.dryRun === true;
  const wait = options.waitSeconds ?? 0;
  const env = findEnvironment(context.policy, options.env);
  const settings = deploySettingsOf(context.policy, env);
  const reason = boundedText('reason', options.reason)?.trim();
  if ((force || overrideSha) && !reason) {
    throw new UsageError(`${force ? '--force' : '--override-sha'} needs --reason "…": say why, it is recorded in the audit log.`, {});
  }
  if (overrideSha && options.sha === undefined) throw new UsageError('--override-sha goes with --sha <commit>; without --sha relctl deploys the branch tip.', {});
  if (reason && !force && !overrideSha) throw new UsageError('--reason goes with --override-sha or --force.', {});
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError('--wait takes a number of seconds (0 or more).', { wait });

  const fetched = await fetchBeforeDeploy(context, dryRun);
  const tip = await context.git.readRef(branchRef(env.branch));
  if (!tip) {
    throw new StateError(`${env.branch}, the branch of ${env.name}, does not exist yet; promote requests to ${env.name} (or run "relctl init") first.`, {
      env: env.name,
      branch: env.branch,
    });
  }
  const sha = options.sha === undefined ? tip : await resolveDeploySha({ context, input: options.sha, tip });
  const onBranch = sha === tip || (await context.git.isAncestor(sha, tip));
  const notes: string[] = [];
  if (!onBranch) {
    if (!overrideSha) {
      throw new RuleDeniedError(
        `${shortSha(sha)} is not on ${env.branch} (the branch of ${env.name}, at ${shortSha(tip)}); deploy a commit of that branch, or pass --override-sha --reason "…" to deploy it anyway.`,
        { env: env.name, sha, branch: env.branch, tip },
      );
    }
    notes.push(`${shortSha(sha)} is not on ${env.branch}; deploying it anyway (--override-sha: ${reason}).`);
  }
  const facts = await gatherFacts(context);
  const version = await versionAtSha({ git: context.git, sha, tagPrefix: context.policy.tagPrefix });
  const requests = await requestsAtSha({ context, env, sha, facts });
  const config = await assertConfigComplete({ context, env, settings, sha });
  if (config) notes.push(`config-complete: ${config.message}.`);
  const unverified = await unverifiedRelease({ context, settings });
  if (unverified) notes.push(unverifiedNote(env.name, unverified));
  const command = `deploy ${env.name}${options.sha === undefined ? '' : ` --sha ${sha}`}`;
  const flow = await runDeployFlow({
    context,
    env,
    settings,
    sha,
    version,
    requests,
    type: 'deployed',
    command,
    facts,
    notes,
    ...(reason ? { reason } : {}),
    data: { branch: env.branch, tip, ...(onBranch ? {} : { overrideSha: true }) },
    force,
    waitMs: wait * 1000,
    fetched,
    dryRun,
    json: options.json === true,
  });
  return { env: env.name, command, sha, version, requests, settings, onBranch, ...flow };
}
