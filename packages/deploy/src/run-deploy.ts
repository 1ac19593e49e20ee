import type { GitPort, Sha } from '@relctl/core';
import { deployWithCommand, type CommandDeployResult } from './command/deploy-with-command.js';
import { deployToDirectory, type DirectoryDeployResult } from './directory/deploy-to-directory.js';
import type { DeployOutput } from './process/deploy-output.js';
import type { DeployRequest } from './process/relctl-deploy-env.js';
import type { DeploySettings } from './settings/deploy-settings-schema.js';

/**
 * Options of {@link runDeploy}.
 *
 * @example
 * ```ts
 * await runDeploy({ git, settings, env: 'prod', sha, version: '1.4.0', requests: [{ id: 'A', title: 'CSV export' }], actor: 'Ann <ann@example.com>', output: console.log, lockWaitMs: 30_000 });
 * ```
 */
export interface RunDeployOptions {
  git: GitPort;
  settings: DeploySettings;
  env: string;
  sha: Sha;
  version?: string | null;
  requests?: readonly DeployRequest[];
  output: DeployOutput;
  /** Who deploys (`Name <email>`). */
  actor: string;
  /** The config file's folder: relative `cwd` / `path` settings resolve against it. Default `process.cwd()`. */
  baseDir?: string;
  baseEnv?: Record<string, string | undefined>;
  /** `directory` only: how long to wait for a concurrent deploy. Default 30000. */
  lockWaitMs?: number;
  signal?: AbortSignal;
}

/**
 * Outcome of {@link runDeploy}, tagged with the strategy.
 *
 * @example
 * ```ts
 * const result: RunDeployResult = await runDeploy(options);
 * if (result.strategy === 'directory') console.log(`now live: ${result.current}`); else console.log(`exit ${result.exitCode}`);
 * ```
 */
export type RunDeployResult = ({ strategy: 'command' } & CommandDeployResult) | ({ strategy: 'directory' } & DirectoryDeployResult);

/**
 * Deploy `sha` to an environment with its configured strategy (`deployWithCommand` or
 * `deployToDirectory`). Every result has `ok`, `exitCode` and `durationMs` for the `deployed`
 * audit event.
 *
 * @example
 * ```ts
 * const settings = assertValidDeploySettings({ input: environment.deploy, env: environment.name });
 * const result = await runDeploy({ git, settings, env: 'prod', sha, version: '1.4.0', actor, output: console.log });
 * ```
 */
export async function runDeploy(options: RunDeployOptions): Promise<RunDeployResult> {
  const common = {
    git: options.git,
    env: options.env,
    sha: options.sha,
    version: options.version ?? null,
    requests: options.requests ?? [],
    output: options.output,
    ...(options.baseDir !== undefined ? { baseDir: options.baseDir } : {}),
    ...(options.baseEnv !== undefined ? { baseEnv: options.baseEnv } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
  if (options.settings.strategy === 'command') {
    return { strategy: 'command', ...(await deployWithCommand({ ...common, settings: options.settings })) };
  }
  return {
    strategy: 'directory',
    ...(await deployToDirectory({
      ...common,
      settings: options.settings,
      actor: options.actor,
      ...(options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {}),
    })),
  };
}
