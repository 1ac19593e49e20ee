import type { Repository } from '../repo/repository.js';
import { openHistory } from './open-history.js';
import type { RawObject } from './object-store.js';

/** Stores with a close already scheduled. */
const closing = new WeakSet<object>();

/**
 * One object through the repository's shared {@link ObjectStore} (small predicted reads of the
 * pack indexes, pack data through windows, loose objects), or `null` when the store has no
 * such object. For callers that read one object at a time (the isomorphic port, the merge
 * engine): the files the store opens stay open until the current burst of reads is over (one
 * `setImmediate` later) instead of being reopened for every object, and are then closed.
 *
 * @example
 * ```ts
 * const object = readStoredObject({ repo, oid: tip }); // { type: 'commit', data: <Buffer …> } | null
 * ```
 */
export function readStoredObject(options: { repo: Repository; oid: string }): RawObject | null {
  const { store } = openHistory({ repo: options.repo });
  const object = store.read(options.oid);
  if (!closing.has(store)) {
    closing.add(store);
    setImmediate(() => {
      closing.delete(store);
      store.close();
    }).unref();
  }
  return object;
}
