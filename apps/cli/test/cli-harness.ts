import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GIT_TEST_ENV, git } from '@relctl/testing';

/** The built CLI; `npm test` builds before running vitest. */
export const CLI_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built `relctl` in `cwd` as a person would, with deterministic git identity and no colour. */
export function relctl(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run "npm run build" first (npm test does).`);
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    env: { ...process.env, ...GIT_TEST_ENV, NO_COLOR: '1', RELCTL_GIT_BACKEND: process.env.RELCTL_GIT_BACKEND ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Every ref and its value, like `git for-each-ref`: the state a refused command must not change. */
export function refSnapshot(cwd: string): string {
  return git(cwd, ['for-each-ref', '--format=%(refname) %(objectname)']);
}
