import { deploymentHistory } from '@relctl/deploy';
import type { CliContext } from '@relctl/engine';
import type { Io } from '../io.js';
import { toJson } from '../output/format.js';
import { renderDeployments } from './render-deployments.js';

/** Options of {@link printDeploymentLog}. */
export interface PrintDeploymentLogOptions {
  context: CliContext<Io>;
  /** Only this environment. */
  env?: string;
  /** Only deployments carrying this request. */
  request?: string;
  /** At most this many (0: all). */
  limit: number;
  json: boolean;
}

/**
 * `relctl log --deployments [--env …]`: the deployment history from the audit log, newest
 * first — who, when, SHA, version, requests, duration, result — as a table or JSON
 * (`DeploymentRecord[]`).
 *
 * @example
 * ```ts
 * await printDeploymentLog({ context, env: 'prod', limit: 50, json: false });
 * ```
 */
export async function printDeploymentLog(options: PrintDeploymentLogOptions): Promise<void> {
  const { context } = options;
  const history = deploymentHistory({ events: await context.log.read(), ...(options.env ? { env: options.env } : {}) })
    .filter((record) => !options.request || record.requestIds.includes(options.request))
    .reverse();
  const records = options.limit > 0 ? history.slice(0, options.limit) : history;
  context.io.stdout(options.json ? toJson(records) : renderDeployments(records, context.io));
}
