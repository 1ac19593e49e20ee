/**
 * Options of {@link remoteTrackingRef}.
 *
 * @example
 * ```ts
 * remoteTrackingRef({ remote: 'origin', ref: 'refs/heads/main' }); // 'refs/remotes/origin/main'
 * ```
 */
export interface RemoteTrackingRefOptions {
  /** Remote name, e.g. `origin`. */
  remote: string;
  /** Full ref name on the remote, e.g. `refs/heads/main`, `refs/relctl/log`, `refs/tags/v1.0.0`. */
  ref: string;
}

/**
 * Where relctl keeps its local copy of a ref of the remote after a fetch:
 * `refs/heads/<b>` → `refs/remotes/<remote>/<b>`, `refs/relctl/<x>` →
 * `refs/remotes/<remote>/relctl/<x>`, `refs/tags/<t>` → `refs/tags/<t>` (tags are shared, not
 * per remote). Any other ref is not fetched: `null`.
 *
 * A remote branch named `relctl/<x>` would map onto the same name as `refs/relctl/<x>`; the
 * fetch refuses such a branch rather than mix the two.
 *
 * @example
 * ```ts
 * remoteTrackingRef({ remote: 'origin', ref: 'refs/relctl/log' }); // 'refs/remotes/origin/relctl/log'
 * ```
 */
export function remoteTrackingRef(options: RemoteTrackingRefOptions): string | null {
  const { remote, ref } = options;
  if (ref.startsWith('refs/heads/')) return `refs/remotes/${remote}/${ref.slice('refs/heads/'.length)}`;
  if (ref.startsWith('refs/relctl/')) return `refs/remotes/${remote}/relctl/${ref.slice('refs/relctl/'.length)}`;
  if (ref.startsWith('refs/tags/') && !ref.endsWith('^{}')) return ref;
  return null;
}
