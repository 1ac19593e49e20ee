import { StateError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import type { CommitIndex } from './commit-index.js';
import { GenerationQueue } from './generation-queue.js';
import { openHistory, type HistoryState } from './open-history.js';
import { resolveCommits } from './resolve-commits.js';
import { saveHistory } from './save-history.js';

/**
 * Options of {@link mergeBases}.
 *
 * @example
 * ```ts
 * const [base] = await mergeBases({ repo, a: mainTip, b: requestHead });
 * ```
 */
export interface MergeBasesOptions {
  /** The opened repository. */
  repo: Repository;
  /** One commit id. */
  a: Sha;
  /** The other commit id. */
  b: Sha;
}

const ONE = 1;
const TWO = 2;
const STALE = 4;
const RESULT = 8;

/**
 * All best common ancestors of two commits, like `git merge-base --all a b`: one for ordinary
 * histories, several for criss-cross merges, none for unrelated histories. Newest first (by
 * committer date, then generation, then id). Uses git's algorithm (paint both sides down in
 * generation order until only stale commits remain) on the commit index, so it reads no commit
 * objects when git's commit-graph or relctl's cache covers the history. Throws `StateError` when the answer would
 * depend on commits missing from a shallow clone.
 *
 * @example
 * ```ts
 * const bases = await mergeBases({ repo, a: oursSha, b: theirsSha });
 * if (bases.length > 1) console.log('criss-cross: merge the bases first');
 * ```
 */
export async function mergeBases(options: MergeBasesOptions): Promise<Sha[]> {
  const state = openHistory({ repo: options.repo });
  try {
    return answer(state, options);
  } finally {
    state.store.close();
  }
}

function answer(state: HistoryState, options: MergeBasesOptions): Sha[] {
  const [a, b] = resolveCommits({
    state,
    commits: [
      ['a', options.a],
      ['b', options.b],
    ],
  }) as [number, number];
  const { index } = state;
  const bases = a === b ? [a] : paintDownToCommon(index, a, b, options);
  const result = bases
    .map((id) => ({ id, date: index.date(id), generation: index.generation(id), oid: index.oid(id) }))
    .sort((x, y) => y.date - x.date || y.generation - x.generation || (x.oid < y.oid ? -1 : 1))
    .map((entry) => entry.oid);
  saveHistory({ state });
  return result;
}

function paintDownToCommon(index: CommitIndex, a: number, b: number, options: MergeBasesOptions): number[] {
  const [flags, queued] = index.scratch(2) as [Uint8Array, Uint8Array];
  const queue = new GenerationQueue();
  let live = 0; // queued commits that are not stale
  const enqueue = (id: number): void => {
    queued[id] = 1;
    queue.push(id, index.generation(id));
    if (((flags[id] as number) & STALE) === 0) live += 1;
  };
  flags[a] = ONE;
  flags[b] = TWO;
  enqueue(a);
  enqueue(b);
  const candidates: number[] = [];
  let staleCut = false;
  while (live > 0) {
    const id = queue.pop();
    queued[id] = 0;
    let paint = (flags[id] as number) & (ONE | TWO | STALE);
    if ((paint & STALE) === 0) live -= 1;
    if (paint === (ONE | TWO)) {
      if (((flags[id] as number) & RESULT) === 0) {
        flags[id] = (flags[id] as number) | RESULT;
        candidates.push(id);
      }
      paint |= STALE;
    }
    if (index.isCut(id)) {
      if ((paint & STALE) === 0) throw shallow(options);
      staleCut = true;
    }
    for (const parent of index.parents(id)) {
      const before = flags[parent] as number;
      if ((before & paint) === paint) continue;
      flags[parent] = before | paint;
      if (queued[parent] === 0) enqueue(parent);
      else if ((before & STALE) === 0 && (paint & STALE) !== 0) live -= 1;
    }
  }
  // git follows this walk with remove_redundant() because its queue may be ordered by commit
  // date. Ordered by generation, a commit is popped only after every commit above it, so a
  // candidate below another one has always been painted stale before it is popped: the
  // candidates are already the best ones. In a shallow clone a stale commit with a cut-off
  // history might hide that one candidate lies below another, so several candidates are not
  // trusted then.
  if (candidates.length > 1 && staleCut) throw shallow(options);
  return candidates;
}

function shallow(options: MergeBasesOptions): StateError {
  return new StateError(
    `Cannot find the merge bases of ${options.a} and ${options.b}: their history is cut off in this shallow clone; run "git fetch --unshallow" (or --deepen).`,
    { a: options.a, b: options.b },
  );
}
