import * as git from 'isomorphic-git';
import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';

/** Options of {@link mergeBases}. */
export interface MergeBasesOptions {
  /** The opened repository. */
  repo: Repository;
  /** One commit id. */
  a: Sha;
  /** The other commit id. */
  b: Sha;
}

/**
 * All best common ancestors of two commits, like `git merge-base --all a b` (criss-cross
 * histories have several). Provisional implementation: walks the whole history; the indexed
 * version replaces it with the same signature.
 *
 * @example
 * ```ts
 * const bases = await mergeBases({ repo, a: oursSha, b: theirsSha });
 * ```
 */
export async function mergeBases(options: MergeBasesOptions): Promise<Sha[]> {
  const { repo, a, b } = options;
  const parentsOf = new Map<Sha, Sha[]>();
  const load = async (tip: Sha): Promise<Set<Sha>> => {
    const seen = new Set<Sha>();
    const stack = [tip];
    while (stack.length > 0) {
      const oid = stack.pop() as Sha;
      if (seen.has(oid)) continue;
      seen.add(oid);
      let parents = parentsOf.get(oid);
      if (!parents) {
        const { commit } = await git.readCommit({ fs: repo.fs, gitdir: repo.commonDir, oid, cache: repo.cache });
        parents = commit.parent;
        parentsOf.set(oid, parents);
      }
      stack.push(...parents);
    }
    return seen;
  };
  const fromA = await load(a);
  const fromB = await load(b);
  const common = [...fromA].filter((oid) => fromB.has(oid));
  const below = new Set<Sha>();
  const stack = common.flatMap((oid) => parentsOf.get(oid) ?? []);
  while (stack.length > 0) {
    const oid = stack.pop() as Sha;
    if (below.has(oid)) continue;
    below.add(oid);
    stack.push(...(parentsOf.get(oid) ?? []));
  }
  return common.filter((oid) => !below.has(oid)).sort();
}
