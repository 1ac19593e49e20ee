import { ExitCode, RelctlError } from '@relctl/core';

/**
 * A `git` child process failed in a way relctl did not expect (exit 1). `data` holds the
 * arguments, the exit code and git's scrubbed standard error.
 *
 * @example
 * ```ts
 * try {
 *   await runGit({ cwd, args: ['cat-file', '-t', 'nope'] });
 * } catch (error) {
 *   if (error instanceof GitCommandError) console.error(error.data.stderr);
 * }
 * ```
 */
export class GitCommandError extends RelctlError<{ args: string[]; exitCode: number | null; stderr: string }> {
  static readonly code = 'GitCommandError';
  constructor(message: string, data: { args: string[]; exitCode: number | null; stderr: string }) {
    super('GitCommandError', message, data, ExitCode.unexpected);
  }
}
