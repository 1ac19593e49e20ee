import type { Sha } from '../model/request.js';

/**
 * A ref to push with the lease it must still have on the remote.
 *
 * @example
 * ```ts
 * await remote.push('origin', [{ ref: 'refs/heads/main', lease: fetchedTip, next: releaseCommit }]);
 * ```
 */
export interface PushUpdate {
  ref: string;
  /** The remote's value when we fetched (`null`: absent). The push fails if it changed. */
  lease: Sha | null;
  next: Sha | null;
}

/**
 * Fetch and push. A lost race throws `RemoteRaceError` so the runner can refetch and replan.
 *
 * @example
 * ```ts
 * await remote.fetch('origin');
 * const tracking = remote.trackingRef('origin', 'refs/heads/main'); // 'refs/remotes/origin/main'
 * ```
 */
export interface RemotePort {
  /** Fetch `refs/heads/*`, tags and `refs/relctl/*` from the remote into remote-tracking refs. */
  fetch(remote: string): Promise<void>;
  /** Push all updates atomically with leases. */
  push(remote: string, updates: PushUpdate[]): Promise<void>;
  /**
   * Where `fetch` keeps the remote's value of `ref` (`refs/heads/x` → `refs/remotes/<remote>/x`,
   * `refs/relctl/x` → `refs/remotes/<remote>/relctl/x`, tags as they are); `null` when not fetched.
   */
  trackingRef(remote: string, ref: string): string | null;
}
