import { ConfigError } from '@relctl/core';
import { resolveGitToken, type GitToken } from '@relctl/git';
import { parseGithubRemote } from './parse-github-remote.js';

/** Where relctl talks to GitHub, with what, about which repository. */
export interface GithubSettings {
  /** REST API base URL without a trailing slash (`https://api.github.com`). */
  apiUrl: string;
  /** Web base URL for links people open (`https://github.com`). */
  webUrl: string;
  /** The token and the variable it came from; `null` when none is set. Never print `value`. */
  token: GitToken | null;
  /** The repository, and what named it; `null` when neither the remote nor the environment does. */
  repository: { owner: string; repo: string; from: string } | null;
}

/** Options of {@link readGithubSettings}. */
export interface ReadGithubSettingsOptions {
  /** The environment to read (the caller passes it; this function never reads `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** URL of the policy's remote, `null` without one. */
  remoteUrl: string | null;
}

const REPOSITORY = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

/**
 * Read the GitHub settings of a run from the environment and the remote URL:
 * - API URL: `RELCTL_GITHUB_API_URL`, else `GITHUB_API_URL` (set by GitHub Actions), else
 *   `https://api.github.com`; its host (and that host without `api.`) also counts as a GitHub host.
 *   It must be `https://` (plain `http://` only for a loopback host): the token is sent there.
 * - token: `RELCTL_GIT_TOKEN`, then `GITHUB_TOKEN`, then `GH_TOKEN` (the same token git pushes with).
 * - repository: `RELCTL_GITHUB_REPOSITORY` (`owner/repo`), else the remote URL when it is on a
 *   GitHub host, else `GITHUB_REPOSITORY` (set by GitHub Actions).
 *
 * @throws ConfigError when an API URL or repository variable is malformed.
 * @example
 * ```ts
 * const settings = readGithubSettings({ env: process.env, remoteUrl: 'git@github.com:acme/shop.git' });
 * // { apiUrl: 'https://api.github.com', webUrl: 'https://github.com', token: {…}, repository: { owner: 'acme', repo: 'shop', from: 'remote' } }
 * ```
 */
export function readGithubSettings(options: ReadGithubSettingsOptions): GithubSettings {
  const { env } = options;
  const apiVariable = env.RELCTL_GITHUB_API_URL?.trim() ? 'RELCTL_GITHUB_API_URL' : env.GITHUB_API_URL?.trim() ? 'GITHUB_API_URL' : null;
  const apiUrl = (apiVariable ? (env[apiVariable] ?? '').trim() : 'https://api.github.com').replace(/\/+$/, '');
  let apiHost: string;
  try {
    const parsed = new URL(apiUrl);
    // The token goes to the API: HTTPS only, but for a loopback server (a test double, a local proxy).
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname.toLowerCase());
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) throw new Error('not https');
    apiHost = parsed.hostname.toLowerCase();
  } catch {
    throw new ConfigError(
      `${apiVariable ?? 'The GitHub API URL'} is not an https URL (the token is sent only over HTTPS); set it like https://api.github.com or https://github.example.com/api/v3.`,
      {
        issues: [{ path: apiVariable ?? 'RELCTL_GITHUB_API_URL', message: 'not an https URL' }],
      },
    );
  }
  const hosts = ['github.com', apiHost, apiHost.replace(/^api\./, '')];

  let repository: GithubSettings['repository'] = fromVariable(env, 'RELCTL_GITHUB_REPOSITORY');
  let host: string | null = null;
  if (!repository && options.remoteUrl) {
    const parsed = parseGithubRemote({ url: options.remoteUrl, hosts });
    if (parsed) {
      repository = { owner: parsed.owner, repo: parsed.repo, from: 'remote' };
      host = parsed.host;
    }
  }
  repository ??= fromVariable(env, 'GITHUB_REPOSITORY');
  const server = env.GITHUB_SERVER_URL?.trim().replace(/\/+$/, '');
  const webUrl = host ? `https://${host}` : server && /^https?:\/\//.test(server) ? server : 'https://github.com';
  return { apiUrl, webUrl, token: resolveGitToken({ env }), repository };
}

function fromVariable(env: ReadGithubSettingsOptions['env'], variable: string): GithubSettings['repository'] {
  const value = env[variable]?.trim();
  if (!value) return null;
  const match = value.match(REPOSITORY);
  if (!match) {
    throw new ConfigError(`${variable} must be "owner/repo" (got ${JSON.stringify(value.slice(0, 80))}); fix or unset it.`, {
      issues: [{ path: variable, message: 'not owner/repo' }],
    });
  }
  return { owner: match[1] ?? '', repo: match[2] ?? '', from: variable };
}
