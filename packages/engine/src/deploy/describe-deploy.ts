import { resolve } from 'node:path';
import { shortSha, type Sha } from '@relctl/core';
import { releaseName, type DeployRequest, type DeploySettings } from '@relctl/deploy';
import { formatDeployCommand } from './format-deploy-command.js';

/** Options of {@link describeDeploy}. */
export interface DescribeDeployOptions {
  env: string;
  settings: DeploySettings;
  sha: Sha;
  version: string | null;
  requests: readonly DeployRequest[];
  /** `deployed` or `rolled-back`. */
  type: 'deployed' | 'rolled-back';
  /** Folder relative settings resolve against (the config's folder). */
  baseDir: string;
  /** Remote the audit log is pushed to, if any. */
  remote: string | null;
  /** Set when the lock is taken by force from this holder. */
  forcingFrom?: string;
}

/**
 * The steps of a deploy or rollback as `--dry-run` prints them, in the order the real run
 * carries them out: take the lock, put the SHA in place with the configured strategy, record
 * the outcome and release the lock (in one append), push the log.
 *
 * @example
 * ```ts
 * describeDeploy({ env: 'prod', settings, sha, version: '1.1.0', requests, type: 'deployed', baseDir, remote: null });
 * // ['take the deploy lock of prod (lock-acquired in refs/relctl/log)', 'export 1a2b3c4 into /srv/app/releases/1.1.0 …', …]
 * ```
 */
export function describeDeploy(options: DescribeDeployOptions): string[] {
  const { settings } = options;
  const short = shortSha(options.sha);
  const what = `${short}${options.version ? ` (${options.version})` : ''}`;
  const lines = [`take the deploy lock of ${options.env} (lock-acquired in refs/relctl/log)${options.forcingFrom ? `, by force from ${options.forcingFrom}` : ''}`];
  if (settings.strategy === 'command') {
    lines.push(`export the tree of ${what} into a temp folder (RELCTL_SOURCE_DIR)`);
    lines.push(
      `run ${formatDeployCommand(settings.command)} in ${resolve(options.baseDir, settings.cwd ?? '.')} (time limit ${settings.timeoutSeconds}s) with RELCTL_ENV=${options.env}, RELCTL_SHA, RELCTL_VERSION, RELCTL_REQUESTS`,
    );
  } else {
    const root = resolve(options.baseDir, settings.path);
    lines.push(`export the tree of ${what} into ${root}/releases/${releaseName({ sha: options.sha, version: options.version })} (kept as is if it already holds ${short})`);
    if (settings.before !== undefined) lines.push(`run the before hook ${formatDeployCommand(settings.before)} in the release (time limit ${settings.timeoutSeconds}s)`);
    lines.push(`switch ${root}/current to the release in one rename`);
    if (settings.after !== undefined)
      lines.push(`run the after hook ${formatDeployCommand(settings.after)} (time limit ${settings.timeoutSeconds}s); on failure switch current back`);
    lines.push(`keep the last ${settings.keep} releases`);
  }
  const requests = options.requests.length > 0 ? `; requests ${options.requests.map((request) => request.id).join(', ')}` : '';
  lines.push(`record ${options.type} of ${options.env} at ${what}${requests} and release the lock`);
  if (options.remote) lines.push(`push refs/relctl/log to ${options.remote}`);
  return lines;
}
