import type { PushUpdate, RemotePort } from '@relctl/core';
import type { HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import type { Repository } from '../repo/index.js';
import { fetchOverHttp } from './fetch-over-http.js';
import { patientHttp } from './patient-http.js';
import { openRemoteSession } from './open-remote-session.js';
import { pushOverHttp } from './push-over-http.js';
import { remoteTrackingRef } from './remote-tracking-ref.js';

/**
 * What {@link createIsomorphicRemote} returns (the same shape as the system backend's remote).
 *
 * @example
 * ```ts
 * const remote: IsomorphicRemote = createIsomorphicRemote({ repo });
 * await remote.fetch('origin');
 * remote.trackingRef('origin', 'refs/relctl/log'); // 'refs/remotes/origin/relctl/log'
 * ```
 */
export interface IsomorphicRemote extends RemotePort {
  /** Where `fetch` puts a remote ref locally; `null` for refs relctl does not fetch. See {@link remoteTrackingRef}. */
  trackingRef(remote: string, ref: string): string | null;
}

/**
 * Options of {@link createIsomorphicRemote}.
 *
 * @example
 * ```ts
 * const remote = createIsomorphicRemote({ repo, env: { GITHUB_TOKEN: token } });
 * ```
 */
export interface CreateIsomorphicRemoteOptions {
  /** The repository to fetch into and push from (from `openRepository`). */
  repo: Repository;
  /**
   * isomorphic-git HTTP client. Default: `isomorphic-git/http/node`, which drops credentials on a
   * redirect to another origin (scheme, host or port), as git's curl does, on connections that
   * wait two minutes for a silent server (Node's default gives up after 5 s; see `patientHttp`).
   */
  http?: HttpClient;
  /**
   * Where the token is read from (`RELCTL_GIT_TOKEN`, then `GITHUB_TOKEN`, then `GH_TOKEN`),
   * once per fetch or push. Default: `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The {@link RemotePort} on isomorphic-git: fetch and push over HTTP(S) with no `git` binary.
 *
 * - URL: `remote.<name>.url` from the repository config (`pushurl` first for pushes). SSH,
 *   `git://` and local-path remotes are refused with a `UsageError` pointing at the system-git
 *   backend (`git.backend: system`).
 * - Auth: on a 401 the user name from the URL (or `x-access-token`) and the token from
 *   `RELCTL_GIT_TOKEN` / `GITHUB_TOKEN` / `GH_TOKEN` — only over HTTPS to the host it is for
 *   (`mayReceiveToken`), never after a redirect to another origin; a missing or rejected token is a
 *   `ConfigError` naming the variable to set. No message, error or data ever holds a token or
 *   URL credentials.
 * - `fetch(remote)`: `refs/heads/<b>` → `refs/remotes/<remote>/<b>`, `refs/relctl/<x>` →
 *   `refs/remotes/<remote>/relctl/<x>` (both forced and pruned), `refs/tags/<t>` →
 *   `refs/tags/<t>` (the remote wins a clash; local-only tags are kept). Refs are written only
 *   once their objects are present; a remote that keeps moving for 3 rounds gives
 *   `RemoteRaceError`. A remote branch named `relctl` or `relctl/*` is refused (`StateError`):
 *   its copy would clash with the relctl refs.
 * - `push(remote, updates)`: every lease is checked before anything is sent, then all refs go in
 *   one atomic receive-pack request (every ref moves or none); a lost race is a
 *   `RemoteRaceError`, a refusal a `StateError` with `data.refused: true`. Only a server without
 *   the `atomic` capability gets a ref-by-ref push (see `pushOverHttp`).
 *
 * @example
 * ```ts
 * const repo = await openRepository({ cwd: process.cwd() });
 * const remote = createIsomorphicRemote({ repo });
 * await remote.fetch('origin');
 * await remote.push('origin', [{ ref: 'refs/heads/main', lease: seenAtFetch, next: newTip }]);
 * ```
 */
export function createIsomorphicRemote(options: CreateIsomorphicRemoteOptions): IsomorphicRemote {
  const { repo } = options;
  const http = options.http ?? patientHttp(nodeHttp);
  const env = () => options.env ?? process.env;
  return {
    trackingRef: (remote, ref) => remoteTrackingRef({ remote, ref }),
    async fetch(remote: string): Promise<void> {
      const session = await openRemoteSession({ repo, remote, purpose: 'fetch', env: env() });
      await fetchOverHttp({ repo, http, session });
    },
    async push(remote: string, updates: PushUpdate[]): Promise<void> {
      if (updates.length === 0) return;
      const session = await openRemoteSession({ repo, remote, purpose: 'push', env: env() });
      await pushOverHttp({ repo, http, session, updates });
    },
  };
}
