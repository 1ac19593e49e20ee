import { ConfigError, NotFoundError, RelctlError, StateError, UsageError } from '@relctl/core';
import git, { type AuthCallback, type AuthFailureCallback } from 'isomorphic-git';
import type { Repository } from '../repo/index.js';
import { resolveGitToken } from './resolve-git-token.js';
import { mayReceiveToken } from './token-scope.js';
import { errorCode } from './error-code.js';
import { scrubSecrets } from './scrub-secrets.js';

/** Options of {@link openRemoteSession}. */
export interface OpenRemoteSessionOptions {
  repo: Repository;
  remote: string;
  /** `push` prefers `remote.<name>.pushurl` over `remote.<name>.url`, like git. */
  purpose: 'fetch' | 'push';
  env: Readonly<Record<string, string | undefined>>;
}

/** One fetch or push against one remote: its URL, credentials callbacks and error mapping. */
export interface RemoteSession {
  remote: string;
  /** The configured URL, credentials included: only ever handed to isomorphic-git. */
  url: string;
  /** The URL with any credentials masked: the only form that goes into messages and data. */
  displayUrl: string;
  onAuth: AuthCallback;
  onAuthFailure: AuthFailureCallback;
  /** Mask every credential this session knows of in `text`. */
  scrub(text: string): string;
  /** Turn whatever isomorphic-git threw into a relctl error whose message and data hold no secret. */
  toError(error: unknown, action: string): Error;
}

/**
 * Read the remote's URL from the repository config, refuse transports isomorphic-git cannot
 * speak (SSH, `git://`, local paths), and prepare the auth callbacks: the token comes from
 * `RELCTL_GIT_TOKEN`, `GITHUB_TOKEN` or `GH_TOKEN` in `env`, with the user name from the URL or
 * `x-access-token`.
 *
 * @example
 * ```ts
 * const session = await openRemoteSession({ repo, remote: 'origin', purpose: 'fetch', env: process.env });
 * ```
 */
export async function openRemoteSession(options: OpenRemoteSessionOptions): Promise<RemoteSession> {
  const { repo, remote, purpose, env } = options;
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote) || remote.includes('..')) {
    throw new UsageError(`"${remote}" is not a valid remote name; pass the name of a configured remote such as "origin".`, { remote });
  }
  const config = (path: string) => git.getConfig({ fs: repo.fs, gitdir: repo.commonDir, path }) as Promise<unknown>;
  const configured = (purpose === 'push' ? await config(`remote.${remote}.pushurl`) : undefined) ?? (await config(`remote.${remote}.url`));
  if (typeof configured !== 'string' || configured.trim() === '') {
    throw new NotFoundError(`remote "${remote}" is not configured; add it with "git remote add ${remote} <https-url>".`, { remote });
  }
  const url = configured.trim();
  const displayUrl = scrubSecrets({ text: url });

  const transport = transportOf(url);
  if (transport !== 'http') {
    const what = transport === 'ssh' ? 'an SSH URL' : 'a URL that is not http(s)';
    throw new UsageError(
      `remote "${remote}" uses ${what} (${displayUrl}), which the built-in isomorphic-git backend cannot reach; set "git.backend: system" in the relctl config to use the system git, or point the remote at an https:// URL.`,
      { remote, url: displayUrl, transport },
    );
  }

  const parsed = parseUserInfo(url);
  const token = resolveGitToken({ env });
  const username = parsed.username || 'x-access-token';
  const secrets: string[] = [];
  if (token) {
    secrets.push(token.value, basic(username, token.value));
  }
  if (parsed.password) secrets.push(parsed.password, basic(parsed.username, parsed.password));
  else if (parsed.username && parsed.username !== 'x-access-token' && parsed.username !== 'git') {
    // `https://<token>@host/...`: the user name is the secret.
    secrets.push(parsed.username, basic(parsed.username, ''));
  }
  const scrub = (text: string): string => scrubSecrets({ text, secrets });

  let authProblem: 'missing' | 'url-rejected' | 'token-rejected' | 'not-for-host' | null = null;
  // The token goes only over HTTPS to the host it is for (see mayReceiveToken): a remote that
  // answers 401 does not get it just for asking.
  const tokenHere = token !== null && mayReceiveToken({ url, env });
  const onAuth: AuthCallback = () => {
    if (!token || !tokenHere) {
      authProblem = parsed.username ? 'url-rejected' : token ? 'not-for-host' : 'missing';
      return { cancel: true };
    }
    return { username, password: token.value };
  };
  const onAuthFailure: AuthFailureCallback = () => {
    authProblem = token && tokenHere ? 'token-rejected' : parsed.username ? 'url-rejected' : token ? 'not-for-host' : 'missing';
    return { cancel: true };
  };

  const authError = (status: number | null, action: string): ConfigError => {
    const data = { remote, url: displayUrl, reason: 'auth', status, tokenVariable: token?.variable ?? null };
    if (status === 403) {
      const source = token ? `the token from ${token.variable}` : 'the credentials';
      return new ConfigError(
        `remote "${remote}" (${displayUrl}) refused to let ${source} ${action}; use a token with write access to the repository in ${token?.variable ?? 'RELCTL_GIT_TOKEN'}.`,
        { ...data, issues: [{ path: token?.variable ?? 'RELCTL_GIT_TOKEN', message: 'token lacks permission' }] },
      );
    }
    const problem = authProblem ?? (token && tokenHere ? 'token-rejected' : token ? 'not-for-host' : 'missing');
    const message =
      problem === 'not-for-host'
        ? `remote "${remote}" (${displayUrl}) requires authentication, and relctl sends the token from ${token?.variable ?? 'the environment'} only over HTTPS to the host it is for (github.com, or GITHUB_SERVER_URL's host); if this remote is that host, set RELCTL_GIT_TOKEN_HOST=${hostOf(url)} (a loopback host may then use plain http).`
        : problem === 'token-rejected'
          ? `remote "${remote}" (${displayUrl}) rejected the token from ${token?.variable ?? 'the environment'}; set ${token?.variable ?? 'RELCTL_GIT_TOKEN'} to a valid token with access to the repository.`
          : problem === 'url-rejected'
            ? `remote "${remote}" (${displayUrl}) rejected the credentials in its URL; remove them from remote.${remote}.url and set RELCTL_GIT_TOKEN (or GITHUB_TOKEN / GH_TOKEN) instead.`
            : `remote "${remote}" (${displayUrl}) requires authentication; set RELCTL_GIT_TOKEN (or GITHUB_TOKEN / GH_TOKEN) to a token with access to the repository.`;
    return new ConfigError(message, { ...data, issues: [{ path: token?.variable ?? 'RELCTL_GIT_TOKEN', message: problem }] });
  };

  const toError = (error: unknown, action: string): Error => {
    if (error instanceof RelctlError) return error;
    const code = errorCode(error);
    const status = (error as { data?: { statusCode?: unknown } }).data?.statusCode;
    if (code === 'UserCanceledError' && authProblem) return authError(null, action);
    if (code === 'HttpError' && (status === 401 || status === 403)) return authError(status, action);
    if (code === 'NoRefspecError') {
      return new ConfigError(`remote "${remote}" has no fetch refspec; run "git config remote.${remote}.fetch '+refs/heads/*:refs/remotes/${remote}/*'".`, {
        remote,
        issues: [{ path: `remote.${remote}.fetch`, message: 'missing' }],
      });
    }
    const reason = scrub(error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, ' ')
      .trim();
    return new StateError(`could not ${action} remote "${remote}" (${displayUrl}): ${reason}; check the URL, the network and the server, then retry.`, {
      remote,
      url: displayUrl,
      cause: code ?? 'Error',
      reason,
    });
  };

  return { remote, url, displayUrl, onAuth, onAuthFailure, scrub, toError };
}

function transportOf(url: string): 'http' | 'ssh' | 'other' {
  if (/^https?:\/\//i.test(url)) return 'http';
  if (/^(ssh|git\+ssh|ssh\+git):\/\//i.test(url)) return 'ssh';
  // scp-like `[user@]host:path` (git treats it as SSH when no slash comes before the colon).
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && /^[^/]+:/.test(url) && !/^[A-Za-z]:[\\/]/.test(url)) return 'ssh';
  return 'other';
}

function parseUserInfo(url: string): { username: string; password: string } {
  try {
    const parsed = new URL(url);
    return { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  } catch {
    return { username: '', password: '' };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '<host>';
  }
}

function basic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
