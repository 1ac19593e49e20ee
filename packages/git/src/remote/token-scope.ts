/**
 * Options of {@link mayReceiveToken}.
 *
 * @example
 * ```ts
 * mayReceiveToken({ url: 'https://github.com/acme/shop.git', env: process.env }); // true
 * ```
 */
export interface MayReceiveTokenOptions {
  /** The URL a request is about to go to. */
  url: string;
  /** The environment (`RELCTL_GIT_TOKEN_HOST`, `GITHUB_SERVER_URL`); the caller passes it. */
  env: Readonly<Record<string, string | undefined>>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Whether the token from `RELCTL_GIT_TOKEN` / `GITHUB_TOKEN` / `GH_TOKEN` may go to `url`: only
 * over HTTPS, and only to the host the token is for — `github.com` and the host of
 * `GITHUB_SERVER_URL` (GitHub Actions sets it, also on GitHub Enterprise), or instead exactly the
 * hosts listed in `RELCTL_GIT_TOKEN_HOST` (comma-separated `host` or `host:port`; a host without a
 * port means the default HTTPS port). Plain HTTP is allowed only to a loopback host named there
 * (a test server, a local mirror): the token never leaves the machine unencrypted.
 *
 * @example
 * ```ts
 * mayReceiveToken({ url: 'http://127.0.0.1:18081/x.git', env: { GITHUB_TOKEN: 't' } }); // false
 * mayReceiveToken({ url: 'https://git.corp.example/x.git', env: { RELCTL_GIT_TOKEN_HOST: 'git.corp.example' } }); // true
 * ```
 */
export function mayReceiveToken(options: MayReceiveTokenOptions): boolean {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return false;
  }
  const named = (options.env.RELCTL_GIT_TOKEN_HOST ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  const hosts = named.length > 0 ? named : ['github.com', ...serverHost(options.env.GITHUB_SERVER_URL)];
  const host = url.hostname.toLowerCase();
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  const listed = hosts.some((entry) => {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    return match !== null && match[1] === host && (match[2] ?? '443') === port;
  });
  if (!listed) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && named.length > 0 && LOOPBACK.has(host);
}

function serverHost(value: string | undefined): string[] {
  try {
    const url = new URL((value ?? '').trim());
    return url.protocol === 'https:' ? [url.port === '' ? url.hostname.toLowerCase() : `${url.hostname.toLowerCase()}:${url.port}`] : [];
  } catch {
    return [];
  }
}
