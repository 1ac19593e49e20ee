import { openHistory } from '../history/open-history.js';
import { resolveCommits } from '../history/resolve-commits.js';
import type { Repository } from '../repo/repository.js';

/** Options of {@link gitMergeBaseOrder}. */
export interface GitMergeBaseOrderOptions {
  repo: Repository;
  one: string;
  two: string;
  /** The merge bases of `one` and `two` (any order). */
  bases: string[];
}

const PARENT1 = 1;
const PARENT2 = 2;
const STALE = 4;
const RESULT = 8;

/**
 * The merge bases in the order `git merge-tree` merges them: oldest committer date first, and
 * among bases with the same date, the one git's `paint_down_to_common` found last first (git
 * lists bases newest first, ties in the order its date-ordered walk found them, and merge-ort
 * takes that list reversed). The order decides which base is "ours" in the virtual merge base,
 * which shows when the bases conflict.
 *
 * The walk is only run when two bases share a date; it reads the history module's commit index.
 *
 * @example
 * ```ts
 * const ordered = gitMergeBaseOrder({ repo, one: ours, two: theirs, bases }); // merge ordered[0] with ordered[1], then …
 * ```
 */
export function gitMergeBaseOrder(options: GitMergeBaseOrderOptions): string[] {
  const { repo, one, two, bases } = options;
  const state = openHistory({ repo });
  try {
    const { index } = state;
    const ids = resolveCommits({ state, commits: [['one', one], ['two', two], ...bases.map((b, i) => [`base${i}`, b] as const)] });
    const [a, b] = ids as [number, number];
    const baseIds = ids.slice(2);
    const dates = baseIds.map((id) => index.date(id));
    const tied = new Set(dates).size < dates.length;
    let found = new Map<number, number>();
    if (tied) found = paintDownToCommon(index, a, b);
    const order = baseIds.map((id, i) => ({ oid: bases[i] as string, date: dates[i] as number, found: found.get(id) ?? i }));
    // get_merge_bases: newest first, ties in discovery order; merge-ort merges them reversed.
    order.sort((x, y) => y.date - x.date || x.found - y.found);
    return order.reverse().map((entry) => entry.oid);
  } finally {
    state.store.close();
  }
}

type Index = ReturnType<typeof openHistory>['index'];

/** git's `paint_down_to_common` with a commit-date queue (ties first in, first out): discovery order of the common commits. */
function paintDownToCommon(index: Index, one: number, two: number): Map<number, number> {
  const flags = new Map<number, number>();
  const queue: Array<{ id: number; date: number; ctr: number }> = [];
  let ctr = 0;
  const put = (id: number): void => {
    queue.push({ id, date: index.date(id), ctr: ctr++ });
  };
  const get = (): number => {
    let best = 0;
    for (let i = 1; i < queue.length; i++) {
      const c = queue[i] as { date: number; ctr: number };
      const d = queue[best] as { date: number; ctr: number };
      if (c.date > d.date || (c.date === d.date && c.ctr < d.ctr)) best = i;
    }
    return (queue.splice(best, 1)[0] as { id: number }).id;
  };
  flags.set(one, PARENT1);
  flags.set(two, (flags.get(two) ?? 0) | PARENT2);
  put(one);
  put(two);
  const found = new Map<number, number>();
  while (queue.some((q) => !((flags.get(q.id) ?? 0) & STALE))) {
    const id = get();
    let paint = (flags.get(id) ?? 0) & (PARENT1 | PARENT2 | STALE);
    if (paint === (PARENT1 | PARENT2)) {
      if (!((flags.get(id) ?? 0) & RESULT)) {
        flags.set(id, (flags.get(id) ?? 0) | RESULT);
        found.set(id, found.size);
      }
      paint |= STALE;
    }
    for (const parent of index.parents(id)) {
      const before = flags.get(parent) ?? 0;
      if ((before & paint) === paint) continue;
      flags.set(parent, before | paint);
      put(parent);
    }
  }
  return found;
}
