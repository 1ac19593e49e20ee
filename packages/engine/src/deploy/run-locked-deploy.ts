import { dirname, resolve } from 'node:path';
import { RelctlError, type AuditEventDraft, type Environment, type Sha } from '@relctl/core';
import { deploymentEvent, removeAbandonedDeployLock, runDeploy, type DeployRequest, type DeploySettings, type RunDeployResult } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { abortOnSignals } from './abort-on-signals.js';
import { acquireEnvLock } from './acquire-env-lock.js';
import { appendAuditEvents } from './append-audit-events.js';
import { checkDirectoryLock, type AbandonedDirectoryLock } from './check-directory-lock.js';
import { deployLockTtl } from './deploy-lock-ttl.js';

/** Options of {@link runLockedDeploy}. */
export interface RunLockedDeployOptions {
  context: CliContext;
  env: Environment;
  settings: DeploySettings;
  sha: Sha;
  version: string | null;
  requests: DeployRequest[];
  /** The event recorded: `deployed` for `relctl deploy`, `rolled-back` for `relctl rollback`. */
  type: 'deployed' | 'rolled-back';
  /** The command as typed (ref-log message, lock event). */
  command: string;
  /** Recorded on the event (an override's or a rollback's reason). */
  reason?: string;
  /** Extra JSON-safe data for the event. */
  data?: Record<string, unknown>;
  /** `--force --reason`: take the lock from whoever holds it. */
  force?: { reason: string };
  /** `--wait`: how long to wait for a held lock. */
  waitMs: number;
  /** The caller fetched from the remote just now. */
  fetched: boolean;
  /** Deploy output goes to stderr (stdout is for the JSON answer). */
  json: boolean;
}

/**
 * What `runLockedDeploy` (the deploy under the environment's lock) did.
 *
 * @example
 * ```ts
 * const { result, interruptedBy }: LockedDeployOutcome = await runLockedDeploy(options);
 * if (!result.ok) console.error(interruptedBy ? `stopped by ${interruptedBy}` : `exit ${result.exitCode}`);
 * ```
 */
export interface LockedDeployOutcome {
  result: RunDeployResult;
  /** The event recorded. */
  event: AuditEventDraft;
  /** The signal that interrupted the deploy, if one did. */
  interruptedBy: NodeJS.Signals | null;
}

/**
 * One deploy (or rollback) under the environment's lock, as `relctl deploy` and `relctl rollback`
 * run it:
 * 1. take the lock (`lock-acquired`, compare-and-swap on the audit log; refused naming the holder);
 * 2. run the configured strategy (`runDeploy`) on the exact SHA, streaming its output line by
 *    line with the `[deploy <env>] ` prefix, aborted on SIGINT/SIGTERM;
 * 3. append the `deployed` / `rolled-back` event (who, when, SHA, version, requests, duration,
 *    ok, exit code) and `lock-released` in one append — also when the deploy failed. When the
 *    deploy could not even start (an exception), only `lock-released` is recorded and the error
 *    is rethrown.
 *
 * A failed deploy is a result (`result.ok === false`), not an exception.
 *
 * @example
 * ```ts
 * const { result } = await runLockedDeploy({ context, env, settings, sha, version, requests, type: 'deployed', command: 'deploy prod', waitMs: 0, fetched: true, json: false });
 * ```
 */
export async function runLockedDeploy(options: RunLockedDeployOptions): Promise<LockedDeployOutcome> {
  const { context, env, settings } = options;
  const { io } = context;
  const baseDir = context.configFile ? dirname(context.configFile) : context.root;
  // The deploy root's own lock is checked on the log tip where the environment's lock is free,
  // before that lock is recorded: a deploy refused by it logs nothing.
  const root = settings.strategy === 'directory' ? resolve(baseDir, settings.path) : null;
  let abandoned: AbandonedDirectoryLock | null = null;
  const lock = await acquireEnvLock({
    context,
    env: env.name,
    sha: options.sha,
    command: options.command,
    ttlMs: deployLockTtl(settings),
    waitMs: options.waitMs,
    fetched: options.fetched,
    ...(options.force ? { force: options.force } : {}),
    onWait: (holder) =>
      context.emit({ type: 'progress', message: `${env.name} is being deployed by ${holder.actor}; waiting up to ${Math.round(options.waitMs / 1000)}s for the lock.` }),
    ...(root !== null ? { check: async () => void (abandoned = await checkDirectoryLock({ root, force: options.force !== undefined })) } : {}),
  });
  if (lock.overridden) context.emit({ type: 'progress', message: `took the deploy lock of ${env.name} from ${lock.overridden.actor} (--force: ${options.force?.reason ?? ''}).` });

  const abort = abortOnSignals();
  try {
    let result: RunDeployResult | undefined;
    let failure: unknown;
    try {
      const left = abandoned as AbandonedDirectoryLock | null;
      if (left !== null && (await removeAbandonedDeployLock({ state: left }))) {
        // --force: a killed deploy left the deploy root's lock file behind (its hooks have ended).
        context.emit({
          type: 'progress',
          message:
            left.state === 'stale'
              ? `removed the lock file of ${left.holder.actor}'s deploy (pid ${left.holder.pid}, gone) from ${root}.`
              : `removed the ${left.reason} lock file ${left.file}.`,
        });
      }
      result = await runDeploy({
        git: context.git,
        settings,
        env: env.name,
        sha: options.sha,
        version: options.version,
        requests: options.requests,
        actor: context.actor,
        baseDir,
        baseEnv: { ...io.env },
        lockWaitMs: options.waitMs,
        signal: abort.signal,
        output: (line, stream) => context.emit({ type: 'deploy-output', stream: options.json || stream === 'stderr' ? 'stderr' : 'stdout', line }),
      });
    } catch (error) {
      failure = error;
    }
    const events: AuditEventDraft[] = [];
    let event: AuditEventDraft | undefined;
    if (result?.strategy === 'directory' && result.unverified) {
      // The deploy that switched current to this release was killed before verifying it and
      // recorded nothing: record it now, failed, so the log and rollback see what happened.
      const killed = result.unverified;
      events.push(
        deploymentEvent({
          type: 'deployed',
          env: env.name,
          sha: killed.sha,
          version: killed.version,
          result: { ok: false, exitCode: null, durationMs: 0 },
          data: { strategy: 'directory', release: killed.release, killed: true, unverified: true, recordedBy: options.command },
        }),
      );
    }
    if (result) {
      event = deploymentEvent({
        type: options.type,
        env: env.name,
        sha: options.sha,
        version: options.version,
        requestIds: options.requests.map((request) => request.id),
        result: { ok: result.ok, exitCode: result.exitCode, durationMs: result.durationMs },
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
        data: { ...options.data, ...strategyData(result), ...(abort.received() ? { interrupted: abort.received() } : {}) },
      });
      events.push(event);
    }
    const failed = failure instanceof RelctlError ? failure.code : failure === undefined ? null : 'Error';
    events.push({ ...lock.releaseEvent, data: { ...lock.releaseEvent.data, ...(failed ? { error: failed } : {}) } });
    try {
      await appendAuditEvents({ context, command: options.command, build: () => events, keepUnpublished: true });
    } catch (recordError) {
      const expires = new Date(io.now() + deployLockTtl(settings)).toISOString();
      const what = result ? `the ${options.type === 'deployed' ? 'deploy' : 'rollback'} ${result.ok ? 'worked' : 'failed'}, but ` : '';
      context.emit({
        type: 'progress',
        message: `${what}relctl could not record it in the team's audit log; others may see the deploy lock of ${env.name} held until ${expires} ("--force --reason" takes it sooner).`,
      });
      throw failure ?? recordError;
    }
    if (failure !== undefined) throw failure;
    if (!result || !event) throw new Error('runDeploy returned no result.');
    return { result, event, interruptedBy: abort.received() };
  } finally {
    abort.dispose();
  }
}

function strategyData(result: RunDeployResult): Record<string, unknown> {
  const common = { strategy: result.strategy, ...(result.timedOut ? { timedOut: true } : {}) };
  if (result.strategy === 'command') return common;
  return {
    ...common,
    release: result.release,
    previous: result.previous,
    current: result.current,
    reused: result.reused,
    ...(result.failedStep ? { failedStep: result.failedStep } : {}),
  };
}
