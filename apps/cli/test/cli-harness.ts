import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { GIT_TEST_ENV, git } from '@relctl/testing';

const CLI_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The esbuild bundle of the CLI that `npm run build` writes (`npm test` builds it before running vitest). */
const BUNDLE = join(CLI_ROOT, 'bundle', 'relctl.mjs');

/**
 * The built CLI as it ships: package.json `bin` (`bin/relctl.mjs`, which runs the bundle
 * `bundle/relctl.mjs`), or rather this test process's copy of both: see {@link snapshotOf}. The
 * checkout's when the bundle is missing ({@link relctl} then says so).
 */
export const CLI_BIN = snapshotOf();

/** The CLI's `run` as the library exports it (tsc output), for running commands in-process. */
export const CLI_DIST_MAIN = join(CLI_ROOT, 'dist', 'main.js');

/**
 * Copy the CLI as npm would pack it (package.json, whose version it prints, `bin/`, `bundle/`) to
 * `node_modules/.cache/relctl-cli-tests/<pid>-<n>/`, removed after the test file. A rebuild in
 * the checkout while tests run renames every chunk, which would pull modules from under a relctl
 * that is still importing them lazily; the copy cannot change. Inside node_modules, so that what
 * the bundle leaves external (`typescript`) still resolves.
 */
function snapshotOf(): string {
  const bin = join(CLI_ROOT, 'bin', 'relctl.mjs');
  if (!existsSync(BUNDLE)) return bin;
  const cache = join(CLI_ROOT, '..', '..', 'node_modules', '.cache', 'relctl-cli-tests');
  for (const name of existsSync(cache) ? readdirSync(cache) : []) if (!alive(Number(name.split('-')[0]))) rmSync(join(cache, name), { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const copy = mkdtempSync(join(cache, `${process.pid}-`));
  const remove = (): void => rmSync(copy, { recursive: true, force: true });
  afterAll(remove); // the test file's end (a vitest worker can end without an 'exit' event)
  process.once('exit', remove);
  for (let attempt = 1; ; attempt += 1) {
    try {
      cpSync(join(CLI_ROOT, 'package.json'), join(copy, 'package.json'));
      cpSync(join(CLI_ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
      cpSync(dirname(BUNDLE), join(copy, 'bundle'), { recursive: true, filter: (from) => !from.endsWith('.map') });
      if (existsSync(join(copy, 'bundle', 'relctl.mjs'))) return join(copy, 'bin', 'relctl.mjs');
    } catch (error) {
      // A rebuild swapped the folder in (one rename) while this copied it: copy it again.
      if (attempt === 3) throw error;
    }
    if (attempt === 3) return bin;
    rmSync(join(copy, 'bundle'), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built `relctl` in `cwd` as a person would, with deterministic git identity and no colour. */
export function relctl(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  if (!existsSync(join(dirname(CLI_BIN), '..', 'bundle', 'relctl.mjs'))) throw new Error(`${BUNDLE} is missing: run "npm run build" first (it bundles the CLI; npm test does).`);
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
