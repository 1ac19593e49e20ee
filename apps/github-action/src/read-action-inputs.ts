import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, UsageError } from '@relctl/core';

/** What the action was asked to do, read from its inputs and the event that started the workflow. */
export interface ActionInputs {
  /** The `github-token` input; `''` when none was given (then the engine reads GITHUB_TOKEN…). */
  token: string;
  /** The promotion pull request's number. */
  pullRequest: number;
  /** The hidden marker of the comment (`comment-marker`), `undefined` for relctl's default. */
  marker: string | undefined;
  /** `dry-run: true`: compute and read, write nothing. */
  dryRun: boolean;
  /** The repository's folder (`working-directory`, relative to GITHUB_WORKSPACE). */
  cwd: string;
}

/**
 * One input as the runner passes it: `INPUT_<NAME>` with the name upper-cased and spaces as `_`
 * (hyphens stay), trimmed; `''` when not set.
 *
 * @example
 * ```ts
 * readInput({ 'INPUT_GITHUB-TOKEN': 'ghs_…' }, 'github-token'); // 'ghs_…'
 * ```
 */
export function readInput(env: Readonly<Record<string, string | undefined>>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * Read the action's inputs (`github-token`, `pull-request`, `comment-marker`, `dry-run`,
 * `working-directory`) from `INPUT_*` variables and the pull request number from the event
 * payload (`GITHUB_EVENT_PATH`) when the input does not give one.
 *
 * @throws UsageError when the run is not about a pull request or an input is malformed; ConfigError without any token.
 * @example
 * ```ts
 * const inputs = readActionInputs(process.env); // { token: '…', pullRequest: 12, marker: undefined, dryRun: false, cwd: '/home/runner/work/shop/shop' }
 * ```
 */
export function readActionInputs(env: Readonly<Record<string, string | undefined>>): ActionInputs {
  const token = readInput(env, 'github-token');
  if (token === '' && !['RELCTL_GIT_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN'].some((name) => (env[name] ?? '').trim() !== '')) {
    throw new ConfigError('relctl: no GitHub token; set the github-token input (default: ${{ github.token }}) and give the job "permissions: pull-requests: write".', {
      issues: [{ path: 'github-token', message: 'empty' }],
    });
  }
  const dryRun = readInput(env, 'dry-run');
  if (!['', 'true', 'false'].includes(dryRun)) throw new UsageError(`relctl: the dry-run input is "true" or "false" (got ${JSON.stringify(dryRun.slice(0, 40))}).`, {});
  const marker = readInput(env, 'comment-marker');
  const workspace = env.GITHUB_WORKSPACE?.trim() || process.cwd();
  const folder = readInput(env, 'working-directory') || '.';
  return {
    token,
    pullRequest: pullRequestNumber(env),
    marker: marker === '' ? undefined : marker,
    dryRun: dryRun === 'true',
    cwd: isAbsolute(folder) ? folder : resolve(workspace, folder),
  };
}

/** The `pull-request` input, else the number of the pull request the event is about. */
function pullRequestNumber(env: Readonly<Record<string, string | undefined>>): number {
  const given = readInput(env, 'pull-request');
  if (given !== '') {
    if (!/^[1-9]\d{0,9}$/.test(given)) throw new UsageError(`relctl: the pull-request input is a pull request number (got ${JSON.stringify(given.slice(0, 40))}).`, {});
    return Number(given);
  }
  const event = env.GITHUB_EVENT_NAME?.trim() || 'unknown';
  const path = env.GITHUB_EVENT_PATH?.trim();
  let payload: { pull_request?: { number?: unknown } } = {};
  if (path) {
    try {
      payload = JSON.parse(readFileSync(path, 'utf8')) as typeof payload;
    } catch (error) {
      throw new UsageError(`relctl: cannot read the event payload GITHUB_EVENT_PATH (${(error as Error).message.split('\n')[0]}).`, {});
    }
  }
  const number = payload?.pull_request?.number;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`relctl: this run was started by a ${event} event, not a pull request; run the action "on: pull_request" (or give the pull-request input).`, { event });
  }
  return number;
}
