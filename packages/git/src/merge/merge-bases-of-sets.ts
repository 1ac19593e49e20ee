import { StateError } from '@relctl/core';
import { openHistory } from '../history/open-history.js';
import { resolveCommits } from '../history/resolve-commits.js';
import type { Repository } from '../repo/repository.js';

/** Options of {@link mergeBasesOfSets}. */
export interface MergeBasesOfSetsOptions {
  repo: Repository;
  /** The commits one side stands for (one real commit, or the merge bases a virtual commit merged). */
  ones: string[];
  /** The commits the other side stands for. */
  twos: string[];
}

const ONE = 1;
const TWO = 2;
const STALE = 4;
const RESULT = 8;

/**
 * The best common ancestors of two sets of commits, as git finds them for a virtual merge base
 * (a commit whose parents are the merge bases it merged): one walk painting everything reachable
 * from `ones` and from `twos`, in generation order, so no candidate can be an ancestor of
 * another. The same answer as merging every pair and dropping redundant bases, in one walk
 * instead of one per pair plus an ancestry check per pair of candidates; criss-cross merges
 * with dozens of merge bases (git.git has them) need it.
 *
 * @example
 * ```ts
 * const bases = mergeBasesOfSets({ repo, ones: [b1, b2], twos: [b3] });
 * ```
 */
export function mergeBasesOfSets(options: MergeBasesOfSetsOptions): string[] {
  const { repo, ones, twos } = options;
  const state = openHistory({ repo });
  try {
    const { index } = state;
    const ids = resolveCommits({ state, commits: [...ones, ...twos].map((oid, i) => [`commit${i}`, oid] as const) });
    const walk = walkCache(index);
    const [flags, queued] = index.scratch(2) as [Uint8Array, Uint8Array];
    const queue = new Heap();
    let live = 0;
    const enqueue = (id: number): void => {
      queued[id] = 1;
      queue.push(id, walk.generation(id));
      if (((flags[id] as number) & STALE) === 0) live += 1;
    };
    ids.forEach((id, i) => {
      flags[id] = (flags[id] as number) | (i < ones.length ? ONE : TWO);
    });
    for (const id of new Set(ids)) enqueue(id);
    const found: number[] = [];
    while (live > 0) {
      const id = queue.pop();
      queued[id] = 0;
      let paint = (flags[id] as number) & (ONE | TWO | STALE);
      if ((paint & STALE) === 0) live -= 1;
      if (paint === (ONE | TWO)) {
        if (((flags[id] as number) & RESULT) === 0) {
          flags[id] = (flags[id] as number) | RESULT;
          found.push(id);
        }
        paint |= STALE;
      }
      if (index.isCut(id) && (paint & STALE) === 0) {
        throw new StateError('The merge bases of a criss-cross merge lie beyond the history of this shallow clone; run "git fetch --unshallow" (or --deepen).', {});
      }
      for (const parent of walk.parents(id)) {
        const before = flags[parent] as number;
        if ((before & paint) === paint) continue;
        flags[parent] = before | paint;
        if (queued[parent] === 0) enqueue(parent);
        else if ((before & STALE) === 0 && (paint & STALE) !== 0) live -= 1;
      }
    }
    return found.map((id) => index.oid(id));
  } finally {
    state.store.close();
  }
}

type Index = ReturnType<typeof openHistory>['index'];

interface WalkCache {
  generation(id: number): number;
  parents(id: number): number[];
}

const caches = new WeakMap<Index, { gens: Float64Array; parents: Array<number[] | undefined> }>();

/**
 * Generations and parents of the commit index, decoded once per process: the walks of one
 * criss-cross merge (one per merge base merged) cover the same commits again and again.
 */
function walkCache(index: Index): WalkCache {
  let cache = caches.get(index);
  if (!cache) caches.set(index, (cache = { gens: new Float64Array(0), parents: [] }));
  const c = cache;
  return {
    generation(id) {
      if (id >= c.gens.length) {
        const grown = new Float64Array(Math.max(id + 1, c.gens.length * 2, 1024)).fill(Number.NaN);
        grown.set(c.gens);
        c.gens = grown;
      }
      let g = c.gens[id] as number;
      if (Number.isNaN(g)) c.gens[id] = g = index.generation(id);
      return g;
    },
    parents(id) {
      let p = c.parents[id];
      if (!p) c.parents[id] = p = index.parents(id);
      return p;
    },
  };
}

/** A max-heap of commit ids by generation. */
class Heap {
  private ids = new Int32Array(1024);
  private keys = new Float64Array(1024);
  private n = 0;

  push(id: number, key: number): void {
    if (this.n === this.ids.length) {
      const ids = new Int32Array(this.n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const keys = new Float64Array(this.n * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    const { ids, keys } = this;
    let i = this.n++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if ((keys[up] as number) >= key) break;
      ids[i] = ids[up] as number;
      keys[i] = keys[up] as number;
      i = up;
    }
    ids[i] = id;
    keys[i] = key;
  }

  pop(): number {
    const { ids, keys } = this;
    const top = ids[0] as number;
    const n = --this.n;
    const id = ids[n] as number;
    const key = keys[n] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (keys[child + 1] as number) > (keys[child] as number)) child++;
      if ((keys[child] as number) <= key) break;
      ids[i] = ids[child] as number;
      keys[i] = keys[child] as number;
      i = child;
    }
    ids[i] = id;
    keys[i] = key;
    return top;
  }
}
