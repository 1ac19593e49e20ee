import { StateError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { GenerationQueue } from './generation-queue.js';
import { openHistory, type HistoryState } from './open-history.js';
import { resolveCommits } from './resolve-commits.js';
import { saveHistory } from './save-history.js';

/**
 * Options of {@link commitsBetween}.
 *
 * @example
 * ```ts
 * const shas = await commitsBetween({ repo, exclude: [mainTip], include: [requestHeadA, requestHeadB] });
 * ```
 */
export interface CommitsBetweenOptions {
  /** The opened repository. */
  repo: Repository;
  /** Commits whose history is left out ("X" in "commits in Y not in X"). */
  exclude: Sha | readonly Sha[];
  /** Commits whose history is listed ("Y"). */
  include: Sha | readonly Sha[];
}

const EXCLUDED = 1;
const INCLUDED = 2;

/**
 * Ids of the commits reachable from `include` but not from `exclude`, like
 * `git rev-list --date-order include ^exclude`: newest first (a commit always before its
 * parents, otherwise by committer date). Both sides are walked together in generation order,
 * and the walk stops as soon as everything left to visit is excluded, so the cost depends on
 * the size of the answer and of the fork, not of the whole history. Throws `StateError` when
 * the answer would depend on commits missing from a shallow clone.
 *
 * @example
 * ```ts
 * const unreleased = await commitsBetween({ repo, exclude: lastReleaseTag, include: mainTip });
 * ```
 */
export async function commitsBetween(options: CommitsBetweenOptions): Promise<Sha[]> {
  const state = openHistory({ repo: options.repo });
  try {
    return answer(state, options);
  } finally {
    state.store.close();
  }
}

function answer(state: HistoryState, options: CommitsBetweenOptions): Sha[] {
  const exclude = typeof options.exclude === 'string' ? [options.exclude] : [...options.exclude];
  const include = typeof options.include === 'string' ? [options.include] : [...options.include];
  const ids = resolveCommits({
    state,
    commits: [...exclude.map((sha) => ['exclude', sha] as const), ...include.map((sha) => ['include', sha] as const)],
  });
  const { index } = state;
  const [flags, queued, inFound] = index.scratch(3) as [Uint8Array, Uint8Array, Uint8Array];
  const queue = new GenerationQueue();
  let live = 0; // queued commits that are not excluded
  const enqueue = (id: number): void => {
    if (queued[id] === 1) return;
    queued[id] = 1;
    queue.push(id, index.generation(id));
    if (((flags[id] as number) & EXCLUDED) === 0) live += 1;
  };
  ids.forEach((id, i) => {
    flags[id] = (flags[id] as number) | (i < exclude.length ? EXCLUDED : INCLUDED);
  });
  ids.forEach(enqueue);

  const found: number[] = [];
  let excludedCut = false;
  while (live > 0) {
    const id = queue.pop();
    queued[id] = 0;
    if (((flags[id] as number) & EXCLUDED) !== 0) {
      if (index.isCut(id)) excludedCut = true;
      for (const parent of index.parents(id)) {
        const before = flags[parent] as number;
        if ((before & EXCLUDED) !== 0) continue;
        flags[parent] = before | EXCLUDED;
        if (queued[parent] === 1) live -= 1;
        else enqueue(parent);
      }
      continue;
    }
    live -= 1;
    if (excludedCut || index.isCut(id)) throw shallow(options);
    found.push(id);
    for (const parent of index.parents(id)) {
      if ((flags[parent] as number) !== 0) continue;
      flags[parent] = INCLUDED;
      enqueue(parent);
    }
  }

  // Children before parents; among the commits whose children are all listed, newest first.
  for (const id of found) inFound[id] = 1;
  const children = new Map<number, number>();
  for (const id of found) {
    for (const parent of index.parents(id)) {
      if (inFound[parent] === 1) children.set(parent, (children.get(parent) ?? 0) + 1);
    }
  }
  // Ties (same date and generation) go to the smaller id, whatever the index numbering is.
  const ready = new GenerationQueue();
  const push = (id: number): void => ready.push(id, index.date(id), index.generation(id), -Number.parseInt(index.oid(id).slice(0, 12), 16));
  for (const id of found) if (!children.has(id)) push(id);
  const result: Sha[] = [];
  while (ready.size > 0) {
    const id = ready.pop();
    result.push(index.oid(id));
    for (const parent of index.parents(id)) {
      if (inFound[parent] !== 1) continue;
      const left = (children.get(parent) as number) - 1;
      children.set(parent, left);
      if (left === 0) push(parent);
    }
  }
  saveHistory({ state });
  return result;
}

function shallow(options: CommitsBetweenOptions): StateError {
  return new StateError('Cannot list the commits between these revisions: their history is cut off in this shallow clone; run "git fetch --unshallow" (or --deepen).', {
    exclude: options.exclude,
    include: options.include,
  } as Record<string, unknown>);
}
