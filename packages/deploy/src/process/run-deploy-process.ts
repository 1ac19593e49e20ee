import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { DeployCommand } from '../settings/deploy-settings-schema.js';
import type { DeployOutput } from './deploy-output.js';
import { startGroupWatchdog } from './start-group-watchdog.js';

/**
 * Options of {@link runDeployProcess}.
 *
 * @example
 * ```ts
 * await runDeployProcess({ command: 'make deploy', cwd: sourceDir, env, timeoutMs: 600_000, prefix: '[prod] ', output: console.log, killGraceMs: 5_000 });
 * ```
 */
export interface RunDeployProcessOptions {
  /** argv list (run directly) or one string (run as `sh -c <string>`); never built from request data. */
  command: DeployCommand;
  cwd: string;
  /** The complete environment of the child. */
  env: Record<string, string>;
  /** Time limit; when it runs out the whole process group gets SIGTERM, then SIGKILL after `killGraceMs`. */
  timeoutMs: number;
  /** Put before every line, e.g. `[deploy prod] `. */
  prefix: string;
  output: DeployOutput;
  /** Aborting kills the process group like a timeout does. */
  signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL. Default 2000. */
  killGraceMs?: number;
  /** Told the process group id as soon as the process started (the directory strategy records it in its deploy lock). */
  onStart?: (pgid: number) => void;
}

/**
 * How a deploy process ended.
 *
 * @example
 * ```ts
 * const result: DeployProcessResult = await runDeployProcess(options);
 * if (result.timedOut) console.error(`killed after ${result.durationMs} ms`);
 * ```
 */
export interface DeployProcessResult {
  ok: boolean;
  /** The exit status; `null` when killed by a signal or it could not start. */
  exitCode: number | null;
  /** Signal that ended the process, if any. */
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Why it could not start (`ENOENT`, …), when it could not. */
  startError?: string;
}

/** How long the output pipes may stay open after the process exited (a daemon it left behind may hold them). */
const DRAIN_AFTER_EXIT_MS = 500;

/**
 * Run one deploy command or hook: no shell for an argv list (`sh -c` only for a configured
 * string), its own process group, stdout and stderr streamed line by line with `prefix`, a time
 * limit that kills the whole group. The group does not outlive relctl: a watchdog
 * (`startGroupWatchdog`) stops it when relctl dies while it runs, even by SIGKILL. Never throws
 * for a failing command: the result says how it ended.
 *
 * @example
 * ```ts
 * const result = await runDeployProcess({
 *   command: ['./deploy.sh'], cwd: '/srv/tools', env: { PATH: '/usr/bin:/bin', RELCTL_ENV: 'prod' },
 *   timeoutMs: 600_000, prefix: '[deploy prod] ', output: (line) => console.log(line),
 * });
 * if (!result.ok) console.error(`exit ${result.exitCode}`);
 * ```
 */
export function runDeployProcess(options: RunDeployProcessOptions): Promise<DeployProcessResult> {
  const { command, cwd, env, timeoutMs, prefix, output } = options;
  const [program, ...args] = typeof command === 'string' ? ['sh', '-c', command] : command;
  const started = performance.now();
  const grace = options.killGraceMs ?? 2000;

  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(program ?? '', args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      output(`${prefix}could not start ${JSON.stringify(program)}: ${reason}`, 'relctl');
      resolve({ ok: false, exitCode: null, signal: null, timedOut: false, durationMs: performance.now() - started, startError: reason });
      return;
    }
    const watchdog = child.pid === undefined ? null : startGroupWatchdog({ pgid: child.pid, graceMs: grace });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    let startError: string | undefined;
    let openStreams = 2;
    const timers: NodeJS.Timeout[] = [];

    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // The group is already gone.
      }
    };
    const stop = (why: string): void => {
      if (exit !== null && openStreams === 0) return;
      output(`${prefix}${why}; stopping it (SIGTERM, then SIGKILL after ${Math.round(grace / 1000)}s)`, 'relctl');
      killGroup('SIGTERM');
      const hard = setTimeout(() => killGroup('SIGKILL'), grace);
      hard.unref();
      timers.push(hard);
    };

    const finish = (): void => {
      if (settled || exit === null) return;
      settled = true;
      watchdog?.disarm();
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const durationMs = performance.now() - started;
      const result: DeployProcessResult = {
        ok: exit.code === 0 && !timedOut && startError === undefined,
        exitCode: exit.code,
        signal: exit.signal,
        timedOut,
        durationMs,
      };
      if (startError !== undefined) result.startError = startError;
      resolve(result);
    };

    const pipe = (stream: Readable, name: 'stdout' | 'stderr'): void => {
      const decoder = new StringDecoder('utf8');
      let partial = '';
      const emit = (text: string): void => {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) output(`${prefix}${line.endsWith('\r') ? line.slice(0, -1) : line}`, name);
      };
      stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk)));
      stream.on('error', () => undefined);
      stream.on('close', () => {
        emit(decoder.end());
        if (partial !== '') output(`${prefix}${partial}`, name);
        partial = '';
        openStreams -= 1;
        if (openStreams === 0) finish();
      });
    };
    if (child.stdout) pipe(child.stdout, 'stdout');
    if (child.stderr) pipe(child.stderr, 'stderr');

    const limit = setTimeout(() => {
      timedOut = true;
      stop(`timed out after ${Math.round(timeoutMs / 1000)}s`);
    }, timeoutMs);
    limit.unref();
    timers.push(limit);

    const onAbort = (): void => stop('aborted');
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      startError = error.code ?? error.message;
      output(`${prefix}could not start ${JSON.stringify(program)}: ${error.message}`, 'relctl');
      exit ??= { code: null, signal: null };
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish();
    });
    child.on('exit', (code, sig) => {
      exit = { code, signal: sig };
      if (openStreams === 0) {
        finish();
        return;
      }
      // Something the command started in the background may still hold the pipes open.
      const drain = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, DRAIN_AFTER_EXIT_MS);
      drain.unref();
      timers.push(drain);
    });
  });
}
