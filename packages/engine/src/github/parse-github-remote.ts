/** A GitHub repository named by a remote URL. */
export interface GithubRepository {
  /** Host of the git URL, lower case (`github.com`, or a GitHub Enterprise host). */
  host: string;
  owner: string;
  repo: string;
}

/** Options of {@link parseGithubRemote}. */
export interface ParseGithubRemoteOptions {
  /** The remote's URL as in `.git/config`. */
  url: string;
  /** Hosts that serve GitHub repositories, lower case. Default `['github.com']`. */
  hosts?: readonly string[];
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The owner and repository of a GitHub remote URL, or `null` when the URL is not one:
 * `https://github.com/o/r.git` (with or without `.git`, a trailing slash or credentials),
 * `git@github.com:o/r.git`, `ssh://git@github.com[:port]/o/r.git`, `git://github.com/o/r.git`.
 * Credentials in the URL are never part of the result.
 *
 * @example
 * ```ts
 * parseGithubRemote({ url: 'git@github.com:acme/shop.git' }); // { host: 'github.com', owner: 'acme', repo: 'shop' }
 * parseGithubRemote({ url: 'https://gitlab.com/acme/shop.git' }); // null
 * ```
 */
export function parseGithubRemote(options: ParseGithubRemoteOptions): GithubRepository | null {
  const hosts = (options.hosts ?? ['github.com']).map((host) => host.toLowerCase());
  const url = options.url.trim();
  let host: string;
  let path: string;
  const scheme = url.match(/^(?:https?|ssh|git|git\+ssh|ssh\+git):\/\/(?:[^@/]*@)?([^/:]+)(?::\d*)?\/(.*)$/i);
  const scp = url.match(/^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.*)$/);
  if (scheme) {
    host = scheme[1] ?? '';
    path = scheme[2] ?? '';
  } else if (scp && !/^[a-z]:[\\/]/i.test(url)) {
    host = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    return null;
  }
  host = host.toLowerCase();
  if (!hosts.includes(host)) return null;
  const parts = path
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/');
  if (parts.length !== 2) return null;
  const [owner = '', repo = ''] = parts;
  if (!NAME.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return null;
  return { host, owner, repo };
}
