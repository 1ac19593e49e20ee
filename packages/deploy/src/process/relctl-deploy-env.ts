import { UsageError, type Sha } from '@relctl/core';

/**
 * One request shipped by a deploy: its id and, when known, its title.
 *
 * @example
 * ```ts
 * const requests: DeployRequest[] = [{ id: 'A', title: 'CSV export' }, { id: 'C' }];
 * ```
 */
export interface DeployRequest {
  id: string;
  title?: string;
}

/**
 * Options of {@link relctlDeployEnv}.
 *
 * @example
 * ```ts
 * relctlDeployEnv({ env: 'prod', sha, version: '1.4.0', requests: [{ id: 'A' }], sourceDir: '/tmp/relctl-src', extra: { RELCTL_RELEASE_DIR: '/srv/app/releases/1.4.0' } });
 * ```
 */
export interface RelctlDeployEnvOptions {
  /** Environment being deployed. */
  env: string;
  sha: Sha;
  /** Release version, when the SHA is a release; `''` in the variable otherwise. */
  version?: string | null;
  /** Requests the deployment carries. */
  requests?: readonly DeployRequest[];
  /** Folder holding the exact tree of `sha`. */
  sourceDir: string;
  /** Variables added after the `RELCTL_*` ones (e.g. `RELCTL_RELEASE_DIR`); they must start with `RELCTL_`. */
  extra?: Record<string, string>;
}

const hasNul = (text: string): boolean => text.includes('\0');

/** The longest title `RELCTL_REQUESTS_JSON` carries; longer ones are cut with `…`. */
const TITLE_LIMIT = 200;
/** The most `RELCTL_REQUESTS_JSON` holds; beyond it the titles are left out (ids stay). */
const REQUESTS_JSON_LIMIT = 64 * 1024;

/** A title as a deploy child gets it: at most {@link TITLE_LIMIT} characters. */
const boundedTitle = (title: string): string => {
  const chars = Array.from(title);
  return chars.length <= TITLE_LIMIT ? title : `${chars.slice(0, TITLE_LIMIT - 1).join('')}…`;
};

/**
 * The variables through which request data reaches a deploy command — never through its
 * command line: `RELCTL_ENV`, `RELCTL_SHA`, `RELCTL_VERSION`, `RELCTL_REQUESTS` (ids joined by
 * commas), `RELCTL_REQUESTS_JSON` (`[{"id":…,"title":…}]`, for titles with any characters), and
 * `RELCTL_SOURCE_DIR`. A NUL byte (which no environment can carry) or a comma in an id is a
 * `UsageError`. Titles come from request branches, so their size is not ours to choose: each is
 * cut to 200 characters (ending in `…`), and when the JSON would still pass 64 KiB (hundreds of
 * requests) it holds the ids only — an environment is no place for unbounded text (a 70 kB title
 * made the deploy fail with `spawn E2BIG`).
 *
 * @example
 * ```ts
 * relctlDeployEnv({ env: 'prod', sha, version: '1.4.0', requests: [{ id: 'A' }, { id: 'B' }], sourceDir: '/tmp/src' });
 * // { RELCTL_ENV: 'prod', RELCTL_SHA: sha, RELCTL_VERSION: '1.4.0', RELCTL_REQUESTS: 'A,B', … }
 * ```
 */
export function relctlDeployEnv(options: RelctlDeployEnvOptions): Record<string, string> {
  const requests = options.requests ?? [];
  for (const request of requests) {
    if (hasNul(request.id) || request.id.includes(',')) {
      throw new UsageError(`request id ${JSON.stringify(request.id)} cannot be passed to a deploy (it holds a comma or NUL); use a valid request id.`, {
        id: request.id,
      });
    }
  }
  const values: Record<string, string> = {
    RELCTL_ENV: options.env,
    RELCTL_SHA: options.sha,
    RELCTL_VERSION: options.version ?? '',
    RELCTL_REQUESTS: requests.map((request) => request.id).join(','),
    RELCTL_REQUESTS_JSON: requestsJson(requests),
    RELCTL_SOURCE_DIR: options.sourceDir,
  };
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (!name.startsWith('RELCTL_')) throw new UsageError(`extra deploy variable ${name} must start with RELCTL_; rename it.`, { name });
    values[name] = value;
  }
  for (const [name, value] of Object.entries(values)) {
    if (hasNul(value)) throw new UsageError(`${name} cannot hold a NUL byte; remove it from the input.`, { name });
  }
  return values;
}

function requestsJson(requests: readonly DeployRequest[]): string {
  const withTitles = JSON.stringify(requests.map((request) => (request.title === undefined ? { id: request.id } : { id: request.id, title: boundedTitle(request.title) })));
  return withTitles.length <= REQUESTS_JSON_LIMIT ? withTitles : JSON.stringify(requests.map((request) => ({ id: request.id })));
}
