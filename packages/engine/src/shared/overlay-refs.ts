import type { GitPort, RefUpdate, Sha } from '@relctl/core';

/**
 * A read-only view of `git` in which the refs of `moves` already hold their `next` values: what
 * the repository would look like after a writing command brought its refs up to the remote's,
 * without moving anything. Dry runs and read commands see exactly the refs the real run plans
 * on; `updateRefs` is refused (nothing that only looks may move a ref). Every other method is
 * the underlying port's.
 *
 * @example
 * ```ts
 * const view = overlayRefs(git, [{ ref: 'refs/heads/req/B', expected: null, next: theirs }]);
 * await view.readRef('refs/heads/req/B'); // theirs
 * ```
 */
export function overlayRefs(git: GitPort, moves: readonly RefUpdate[]): GitPort {
  const values = new Map<string, Sha | null>(moves.map((move) => [move.ref, move.next]));
  if (values.size === 0) return git;
  const view: Pick<GitPort, 'readRef' | 'listRefs' | 'updateRefs'> = {
    async readRef(ref) {
      return values.has(ref) ? (values.get(ref) ?? null) : git.readRef(ref);
    },
    async listRefs(prefix) {
      const listed = new Map((await git.listRefs(prefix)).map(({ ref, sha }) => [ref, sha]));
      for (const [ref, sha] of values) {
        if (!ref.startsWith(prefix)) continue;
        if (sha === null) listed.delete(ref);
        else listed.set(ref, sha);
      }
      return [...listed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ref, sha]) => ({ ref, sha }));
    },
    async updateRefs() {
      throw new Error('relctl bug: a read-only view of the remote was asked to move refs.');
    },
  };
  return new Proxy(git, {
    get(target, property, receiver) {
      if (property === 'readRef' || property === 'listRefs' || property === 'updateRefs') return view[property];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
