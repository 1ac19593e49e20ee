import { spawn } from 'node:child_process';
import { GIT_TEST_ENV } from '@relctl/testing';
import { CLI_BIN, type CliResult } from './cli-harness.js';

/** No token, whatever the machine running the tests has set. */
export const NO_TOKEN: Readonly<Record<string, string>> = { RELCTL_GIT_TOKEN: '', GITHUB_TOKEN: '', GH_TOKEN: '', GITHUB_REPOSITORY: '', GITHUB_API_URL: '' };

/**
 * Run the built relctl without blocking this process, so a server living in the test process
 * (the loopback GitHub) can answer it; otherwise like `relctl()` of cli-harness.
 */
export function relctlAsync(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd,
      env: { ...process.env, ...GIT_TEST_ENV, NO_COLOR: '1', RELCTL_GIT_BACKEND: process.env.RELCTL_GIT_BACKEND ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
