import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GitPort, Sha } from '@relctl/core';
import { childEnv } from '../process/child-env.js';
import type { DeployOutput } from '../process/deploy-output.js';
import { relctlDeployEnv, type DeployRequest } from '../process/relctl-deploy-env.js';
import { runDeployProcess } from '../process/run-deploy-process.js';
import type { CommandDeploySettings } from '../settings/deploy-settings-schema.js';
import { exportTree } from '../tree/export-tree.js';

/**
 * Options of {@link deployWithCommand}.
 *
 * @example
 * ```ts
 * await deployWithCommand({ git, settings, env: 'prod', sha, output: console.log, baseEnv: process.env, keepSourceDir: true });
 * ```
 */
export interface DeployWithCommandOptions {
  git: GitPort;
  /** Validated settings (`validateDeploySettings`). */
  settings: CommandDeploySettings;
  /** Environment being deployed. */
  env: string;
  /** The exact commit to deploy. */
  sha: Sha;
  version?: string | null;
  requests?: readonly DeployRequest[];
  /** Receives the command's output line by line, prefixed `[deploy <env>] `. */
  output: DeployOutput;
  /** Folder a relative `settings.cwd` resolves against, and the default working folder (the config's folder). Default `process.cwd()`. */
  baseDir?: string;
  /** Environment the command inherits (`RELCTL_*` from it are dropped). Default `process.env`. */
  baseEnv?: Record<string, string | undefined>;
  /** Where the source folder is made. Default the OS temp folder. */
  tmpDir?: string;
  /** Leave the exported source folder in place (its path is in the result). Default `false`. */
  keepSourceDir?: boolean;
  /** Aborting stops the command's process group. */
  signal?: AbortSignal;
}

/**
 * Outcome of a `command` deploy.
 *
 * @example
 * ```ts
 * const result: CommandDeployResult = await deployWithCommand(options);
 * if (!result.ok) console.error(`deploy exited ${result.exitCode} after ${result.durationMs} ms`);
 * ```
 */
export interface CommandDeployResult {
  ok: boolean;
  /** The command's exit status; `null` when it was killed or could not start. */
  exitCode: number | null;
  /** Whole deploy: exporting the tree and running the command. */
  durationMs: number;
  timedOut: boolean;
  /** Exported tree of `sha` (already removed unless `keepSourceDir`). */
  sourceDir: string;
}

/**
 * Deploy with the `command` strategy: export the exact tree of `sha` from git objects into a
 * fresh temp folder (the user's checkout is never touched), then run the configured command —
 * an argv list without a shell, or a configured string through `sh -c` — with request data only
 * in `RELCTL_ENV`, `RELCTL_SHA`, `RELCTL_VERSION`, `RELCTL_REQUESTS`, `RELCTL_REQUESTS_JSON` and
 * `RELCTL_SOURCE_DIR`. Output is streamed line by line with the prefix `[deploy <env>] `; the
 * time limit (`timeoutSeconds`) kills the command's whole process group. A failing command is
 * a result with `ok: false`, not an exception.
 *
 * @example
 * ```ts
 * const result = await deployWithCommand({
 *   git, env: 'prod', sha, version: '1.4.0', requests: [{ id: 'A', title: 'Faster search' }],
 *   settings: { strategy: 'command', command: ['./scripts/ship.sh'], timeoutSeconds: 600 },
 *   output: (line) => process.stdout.write(`${line}\n`),
 * });
 * ```
 */
export async function deployWithCommand(options: DeployWithCommandOptions): Promise<CommandDeployResult> {
  const started = performance.now();
  const prefix = `[deploy ${options.env}] `;
  const baseDir = options.baseDir ?? process.cwd();
  const sourceDir = await mkdtemp(join(options.tmpDir ?? tmpdir(), `relctl-deploy-${options.env.replace(/[^A-Za-z0-9._-]/g, '_')}-`));
  try {
    const relctl = relctlDeployEnv({
      env: options.env,
      sha: options.sha,
      version: options.version ?? null,
      requests: options.requests ?? [],
      sourceDir,
    });
    await exportTree({ git: options.git, commit: options.sha, dir: sourceDir });
    const result = await runDeployProcess({
      command: options.settings.command,
      cwd: options.settings.cwd === undefined ? baseDir : resolve(baseDir, options.settings.cwd),
      env: childEnv({ base: options.baseEnv ?? process.env, relctl }),
      timeoutMs: options.settings.timeoutSeconds * 1000,
      prefix,
      output: options.output,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!result.ok && !result.timedOut && result.startError === undefined) {
      options.output(`${prefix}failed: ${result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit status ${result.exitCode}`}`, 'relctl');
    }
    return {
      ok: result.ok,
      exitCode: result.exitCode,
      durationMs: Math.round(performance.now() - started),
      timedOut: result.timedOut,
      sourceDir,
    };
  } finally {
    if (!options.keepSourceDir) await rm(sourceDir, { recursive: true, force: true });
  }
}
