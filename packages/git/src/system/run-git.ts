import { spawn } from 'node:child_process';
import { GitCommandError } from './git-command-error.js';
import { gitEnv } from './git-env.js';
import { gitStorageCause } from './git-storage-cause.js';
import { scrubSecrets } from './scrub-secrets.js';

/**
 * Options of {@link runGit}.
 *
 * @example
 * ```ts
 * await runGit({ cwd: '/work/app', args: ['merge-base', '--is-ancestor', a, b], okExitCodes: [0, 1] });
 * ```
 */
export interface RunGitOptions {
  /** Folder git runs in (a worktree, or a bare repository). */
  cwd: string;
  /** Arguments after `git`, passed as an array (never through a shell). */
  args: string[];
  /** Bytes or text written to git's standard input. */
  input?: string | Uint8Array;
  /** Extra environment variables; `undefined` removes an inherited one. */
  env?: Record<string, string | undefined>;
  /** Exit codes that are answers rather than failures, e.g. `[0, 1]` for `merge-base --is-ancestor`. Default `[0]`. */
  okExitCodes?: number[];
}

/**
 * What {@link runGit} returns.
 *
 * @example
 * ```ts
 * const { stdout, exitCode }: RunGitResult = await runGit({ cwd, args: ['merge-base', '--is-ancestor', a, b], okExitCodes: [0, 1] });
 * const merged = exitCode === 0;
 * ```
 */
export interface RunGitResult {
  stdout: Buffer;
  /** Standard error as text, with credentials scrubbed. */
  stderr: string;
  exitCode: number;
  /** The signal that ended git (e.g. `SIGXFSZ` when it hit the file-size limit), else `null`. */
  signal: string | null;
}

/**
 * Run the system `git` with arguments as an array (no shell, nothing spliced into a command
 * string), `LC_ALL=C` so messages are parseable, and `GIT_TERMINAL_PROMPT=0` so it never waits
 * for a password. Throws {@link GitCommandError} (credentials scrubbed) when git cannot be
 * started or exits with a code outside `okExitCodes`.
 *
 * @example
 * ```ts
 * const { stdout } = await runGit({ cwd: '/repo', args: ['rev-parse', 'HEAD'] });
 * const head = stdout.toString('utf8').trim();
 * ```
 */
export function runGit(options: RunGitOptions): Promise<RunGitResult> {
  const okExitCodes = options.okExitCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', options.args, {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      reject(
        new GitCommandError(`could not run git (${scrubSecrets(error.message)}); install git or put it on PATH.`, {
          args: scrubArgs(options.args),
          exitCode: null,
          stderr: '',
        }),
      );
    });
    child.on('close', (code, signal) => {
      const exitCode = code ?? -1;
      const stderr = scrubSecrets(Buffer.concat(err).toString('utf8'));
      if (!okExitCodes.includes(exitCode)) {
        const firstLine = stderr.trim().split('\n').slice(-1)[0] ?? '';
        const failed = new GitCommandError(
          `git ${scrubArgs(options.args).slice(0, 3).join(' ')} failed (${signal ? `killed by ${signal}` : `exit ${exitCode}`}): ${firstLine || 'no message'}`,
          { args: scrubArgs(options.args), exitCode, stderr: stderr.trim() },
        );
        // A full or read-only disk, or the file-size limit: the cause, for the message a user reads.
        const storage = gitStorageCause({ stderr, signal });
        if (storage) Object.assign(failed, { cause: storage });
        reject(failed);
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr, exitCode, signal });
    });
    // A child that exits before reading its input would otherwise raise EPIPE here.
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

function scrubArgs(args: string[]): string[] {
  return args.map((arg) => scrubSecrets(arg));
}
