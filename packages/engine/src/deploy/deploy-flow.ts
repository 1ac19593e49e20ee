import { dirname } from 'node:path';
import type { Environment, Sha } from '@relctl/core';
import type { DeployRequest, DeploySettings } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import type { Facts } from '@relctl/core';
import { deployLockTtl } from './deploy-lock-ttl.js';
import { describeDeploy } from './describe-deploy.js';
import { dryRunLockNote } from './dry-run-lock-note.js';
import { runLockedDeploy, type LockedDeployOutcome } from './run-locked-deploy.js';

/** Options of {@link runDeployFlow}. */
export interface DeployFlowOptions {
  context: CliContext;
  env: Environment;
  settings: DeploySettings;
  sha: Sha;
  version: string | null;
  requests: DeployRequest[];
  /** `deployed` (deploy) or `rolled-back` (rollback). */
  type: 'deployed' | 'rolled-back';
  /** The command as typed. */
  command: string;
  /** The facts gathered for it (the dry run's lock note reads their log). */
  facts: Facts;
  /** Notes found so far; the dry run adds the lock's. */
  notes: string[];
  reason?: string;
  /** Extra data of the recorded event. */
  data: Record<string, unknown>;
  force: boolean;
  waitMs: number;
  fetched: boolean;
  dryRun: boolean;
  json: boolean;
}

/** What {@link runDeployFlow} did: the steps (carried out, or only described by a dry run) and the outcome. */
export interface DeployFlowResult {
  notes: string[];
  steps: string[];
  /** `null` for a dry run. */
  outcome: LockedDeployOutcome | null;
}

/**
 * The one flow `deploy` and `rollback` share once they know what to put in place: describe the
 * steps; a dry run adds the lock's note and stops; a real run reports the notes (`note` events,
 * not with `json`) and deploys under the environment's lock ({@link runLockedDeploy}).
 *
 * @example
 * ```ts
 * const { steps, outcome } = await runDeployFlow({ context, env, settings, sha, version, requests, type: 'deployed', command: 'deploy prod', facts, notes: [], data: {}, force: false, waitMs: 0, fetched: true, dryRun: false, json: false });
 * ```
 */
export async function runDeployFlow(options: DeployFlowOptions): Promise<DeployFlowResult> {
  const { context, env, settings, notes } = options;
  // The steps the real run carries out, described the same way for both: the dry run prints
  // them, the real run's JSON answer lists them.
  const steps = describeDeploy({
    env: env.name,
    settings,
    sha: options.sha,
    version: options.version,
    requests: options.requests,
    type: options.type,
    baseDir: context.configFile ? dirname(context.configFile) : context.root,
    remote: context.remote ? context.policy.remote : null,
  });
  if (options.dryRun) {
    const lockNote = dryRunLockNote({
      events: options.facts.events,
      env: env.name,
      now: context.io.now(),
      ttlMs: deployLockTtl(settings),
      force: options.force,
      waitMs: options.waitMs,
    });
    if (lockNote) notes.push(lockNote);
    return { notes, steps, outcome: null };
  }
  if (!options.json) for (const note of notes) context.emit({ type: 'note', message: note });
  const outcome = await runLockedDeploy({
    context,
    env,
    settings,
    sha: options.sha,
    version: options.version,
    requests: options.requests,
    type: options.type,
    command: options.command,
    ...(options.reason ? { reason: options.reason } : {}),
    data: options.data,
    ...(options.force && options.reason ? { force: { reason: options.reason } } : {}),
    waitMs: options.waitMs,
    fetched: options.fetched,
    json: options.json,
  });
  return { notes, steps, outcome };
}
