import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { GIT_TEST_ENV } from '@relctl/testing';
import './cli-snapshot.js';

/**
 * The built CLI as it ships, package.json `bin` (`apps/cli/bin/relctl.mjs`, which runs the bundle
 * `apps/cli/bundle/relctl.mjs` that `npm run build` writes): the copy the suite's globalSetup made
 * of it (`support/cli-snapshot.ts`), or the checkout's when run without it.
 */
export const CLI_BIN = cliBin();

function cliBin(): string {
  try {
    const copy = inject('relctlCliBin');
    if (copy) return copy;
  } catch {
    // not under the suite's config
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'cli', 'bin', 'relctl.mjs');
}

/** One finished run of the CLI. */
export interface RelctlRun {
  /** Exit code, or `null` when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds. */
  ms: number;
}

/** Options of {@link relctlAsync}. */
export interface RelctlAsyncOptions {
  env?: Record<string, string>;
  /** Send SIGKILL this many milliseconds after the start. */
  killAfterMs?: number;
  /** Send SIGKILL `killDelayMs` after the output so far first satisfies this. */
  killWhen?: (stdout: string) => boolean;
  killDelayMs?: number;
}

function assertBuilt(): void {
  const bundle = join(dirname(CLI_BIN), '..', 'bundle', 'relctl.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build the CLI first (npm run build).`);
}

function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...GIT_TEST_ENV, NO_COLOR: '1', RELCTL_FAULT: '', RELCTL_GIT_BACKEND: '', ...env };
}

/** Run the built relctl as a separate process without blocking (many can run at once). */
export function relctlAsync(cwd: string, args: string[], options: RelctlAsyncOptions = {}): Promise<RelctlRun> {
  assertBuilt();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: cliEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    let armed = options.killWhen !== undefined;
    if (armed) {
      child.stdout.on('data', () => {
        if (!armed || !options.killWhen?.(Buffer.concat(out).toString('utf8'))) return;
        armed = false;
        setTimeout(() => child.kill('SIGKILL'), options.killDelayMs ?? 0);
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      });
    });
  });
}

/** Run the built relctl and wait for it (blocks this thread; the HTTP server runs in a worker, so remotes still answer). */
export function relctlSync(cwd: string, args: string[], env: Record<string, string> = {}): RelctlRun {
  assertBuilt();
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, env: cliEnv(env), encoding: 'utf8' });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** A run's output for an assertion message. */
export function show(run: RelctlRun, args: string[] = []): string {
  return `relctl ${args.join(' ')} → code ${run.code}${run.signal ? ` (${run.signal})` : ''}\n--stdout--\n${run.stdout}\n--stderr--\n${run.stderr}`;
}
