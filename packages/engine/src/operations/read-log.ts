import { validateRequestId, type AuditEvent } from '@relctl/core';
import { deploymentHistory, type DeploymentRecord } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { findEnvironment } from '../shared/find-environment.js';
import { readFromRemote } from '../shared/read-from-remote.js';

/**
 * Options of {@link readLog} and {@link readDeploymentLog}.
 *
 * @example
 * ```ts
 * const options: ReadLogOptions = { session, request: 'A', limit: 20 };
 * ```
 */
export interface ReadLogOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** Only events about this request. */
  request?: string;
  /** Only events about this environment. */
  env?: string;
  /** At most this many, newest first (0 or left out: all). */
  limit?: number;
}

/**
 * The audit trail behind `relctl log`, newest first: who did what, when, to which SHA. The
 * remote's log is fetched first unless the session is offline. Changes nothing.
 *
 * @example
 * ```ts
 * const events = await readLog({ session, request: 'A' });
 * for (const event of events) console.log(new Date(event.at).toISOString(), event.type, event.actor);
 * ```
 */
export async function readLog(options: ReadLogOptions): Promise<AuditEvent[]> {
  const context = await prepare(options);
  const events = (await context.log.read())
    .filter((event) => !options.request || event.requestIds?.includes(options.request))
    .filter((event) => !options.env || event.env === options.env)
    .reverse();
  return newest(events, options.limit);
}

/**
 * The deployment history behind `relctl log --deployments`, newest first: who, when, SHA,
 * version, requests, duration, result, read from the audit log. Changes nothing.
 *
 * @example
 * ```ts
 * const [last] = await readDeploymentLog({ session, env: 'prod', limit: 1 });
 * console.log(last?.version, last?.result);
 * ```
 */
export async function readDeploymentLog(options: ReadLogOptions): Promise<DeploymentRecord[]> {
  const context = await prepare(options);
  const history = deploymentHistory({ events: await context.log.read(), ...(options.env ? { env: options.env } : {}) })
    .filter((record) => !options.request || record.requestIds.includes(options.request))
    .reverse();
  return newest(history, options.limit);
}

async function prepare(options: ReadLogOptions): Promise<CliContext> {
  const context = options.session;
  if (options.request) validateRequestId(options.request);
  if (options.env) findEnvironment(context.policy, options.env);
  await readFromRemote(context);
  return context;
}

function newest<T>(items: T[], limit: number | undefined): T[] {
  return limit !== undefined && limit > 0 ? items.slice(0, limit) : items;
}
