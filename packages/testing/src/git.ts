import { execFileSync } from 'node:child_process';

/**
 * Environment for every `git` call in tests: no user or system config, fixed identities and
 * dates, so object ids are reproducible from run to run.
 */
export const GIT_TEST_ENV: Readonly<Record<string, string>> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_TERMINAL_PROMPT: '0',
};

/** Options of {@link git}. */
export interface GitOptions {
  /** Text written to git's standard input. */
  input?: string | Uint8Array;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Return stdout even when git exits non-zero (e.g. `merge-tree` on a conflict). */
  allowFailure?: boolean;
}

/** Result of a {@link git} call made with `allowFailure`. */
export interface GitResult {
  stdout: string;
  status: number;
}

/**
 * Run the system `git` (the oracle of every adapter test) in `cwd` and return its trimmed stdout.
 *
 * @example
 * ```ts
 * const head = git(repo, ['rev-parse', 'HEAD']);
 * ```
 */
export function git(cwd: string, args: string[], options: GitOptions = {}): string {
  return gitResult(cwd, args, options).stdout;
}

/** Like {@link git}, but also returns the exit status (use with `allowFailure`). */
export function gitResult(cwd: string, args: string[], options: GitOptions = {}): GitResult {
  try {
    const stdout = execFileSync('git', args, {
      cwd,
      input: options.input,
      env: { ...process.env, ...GIT_TEST_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return { stdout: stdout.toString('utf8').trim(), status: 0 };
  } catch (error) {
    const failure = error as { status?: number; stdout?: Buffer; stderr?: Buffer };
    if (options.allowFailure && typeof failure.status === 'number') {
      return { stdout: (failure.stdout ?? Buffer.alloc(0)).toString('utf8').trim(), status: failure.status };
    }
    const stderr = (failure.stderr ?? Buffer.alloc(0)).toString('utf8').trim();
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr}`);
  }
}
