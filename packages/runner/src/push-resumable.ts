import { RemoteRaceError, type PushUpdate, type RemotePort, type Sha } from '@relctl/core';

/** One ref of {@link pushResumable}: a push update, plus other remote values that may stand for its lease. */
export interface ResumablePushUpdate extends PushUpdate {
  /** Remote values that are as good as `lease` (e.g. the value before an interrupted run pushed). */
  alsoFrom?: ReadonlyArray<Sha | null>;
}

/** Options of {@link pushResumable}. */
export interface PushResumableOptions {
  remote: RemotePort;
  /** Remote name. */
  name: string;
  updates: readonly ResumablePushUpdate[];
}

/**
 * Push `updates` where an earlier, interrupted attempt of the same push may already have moved
 * some refs (a crash mid-push; a backend that pushes ref by ref). First the plain push; when it
 * loses on a lease, each ref is probed (a verify-only push, moving nothing): a ref already at its
 * `next` is done, a ref at its lease or at one of `alsoFrom` is pushed again from that value, and a
 * ref at anything else was moved by someone else — then the original `RemoteRaceError` stands.
 * Returns how many refs this call moved.
 *
 * @example
 * ```ts
 * await pushResumable({ remote, name: 'origin', updates: [{ ref: 'refs/heads/main', lease: before, next: after }] });
 * ```
 */
export async function pushResumable({ remote, name, updates }: PushResumableOptions): Promise<number> {
  const plain = updates.map(({ ref, lease, next }) => ({ ref, lease, next }));
  try {
    await remote.push(name, plain);
    return plain.filter((update) => update.lease !== update.next).length;
  } catch (error) {
    if (!(error instanceof RemoteRaceError)) throw error;
    const remaining: PushUpdate[] = [];
    for (const update of updates) {
      if (update.lease === update.next) {
        remaining.push({ ref: update.ref, lease: update.lease, next: update.next });
        continue;
      }
      const candidates = [...new Set([update.next, update.lease, ...(update.alsoFrom ?? [])])];
      let found: { value: Sha | null } | null = null;
      for (const value of candidates) {
        if (await remoteHolds(remote, name, update.ref, value)) {
          found = { value };
          break;
        }
      }
      if (!found) throw error;
      // A ref the interrupted attempt already pushed is pushed again as a no-op (lease = next): the
      // remote moves nothing, but the local remote-tracking ref (refs/remotes/<name>/…), which the
      // killed process never wrote, catches up. A deletion already done has nothing to catch up.
      if (found.value !== update.next || update.next !== null) remaining.push({ ref: update.ref, lease: found.value, next: update.next });
    }
    const moving = remaining.filter((update) => update.lease !== update.next);
    if (remaining.some((update) => update.next !== null)) await remote.push(name, remaining);
    return moving.length;
  }
}

/** Whether the remote's `ref` is `value` (`null`: absent), by a push that moves nothing. */
async function remoteHolds(remote: RemotePort, name: string, ref: string, value: Sha | null): Promise<boolean> {
  try {
    await remote.push(name, [{ ref, lease: value, next: value }]);
    return true;
  } catch (error) {
    if (error instanceof RemoteRaceError) return false;
    throw error;
  }
}
