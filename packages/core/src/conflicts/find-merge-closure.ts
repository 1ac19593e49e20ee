import { subsetsBySize } from './subsets-by-size.js';

/**
 * Options of {@link findMergeClosure}.
 *
 * @example
 * ```ts
 * const closure = await findMergeClosure({ chosen: ['C'], pool: ['A', 'B'], merges: (ids) => trialMerge(ids), maxTrials: 32, maxAdded: 2 });
 * ```
 */
export interface FindMergeClosureOptions {
  /** The requests a person chose, in their order. */
  chosen: readonly string[];
  /** Requests that may be added (e.g. the source environment's other members), in that environment's merge order. */
  pool: readonly string[];
  /**
   * Whether promoting exactly these requests, merged in this order, merges without conflict
   * (the shell runs the trial merges on objects).
   */
  merges: (ids: string[]) => Promise<boolean>;
  /** At most this many trials, the chosen set alone included (default 64). */
  maxTrials?: number;
  /** At most this many requests added (default: the whole pool). */
  maxAdded?: number;
}

/**
 * What {@link findMergeClosure} found.
 *
 * @example
 * ```ts
 * const closure: MergeClosure = await findMergeClosure({ chosen: ['C'], pool: ['A', 'B'], merges });
 * if (closure.ids === null) console.log(`no closure after ${closure.trials} trials`);
 * ```
 */
export type MergeClosure =
  | {
      /** The smallest set that merges, in merge order. */
      ids: string[];
      /** The requests added to the chosen ones (empty when the chosen set merges alone). */
      added: string[];
      trials: number;
    }
  | {
      ids: null;
      added: null;
      trials: number;
      /** True when every subset up to the bound was tried; false when `maxTrials` stopped the search. */
      exhausted: boolean;
    };

/**
 * The dependency closure of a subset that does not merge by itself: try the chosen requests
 * alone, then with every subset of the pool in size order (one extra request, then two, …),
 * until a set merges or the bound is reached. A tried set is merged in the pool's order (the
 * order the source environment merged them in, which is known to work), chosen requests the pool
 * does not hold last, in their given order.
 *
 * @example
 * ```ts
 * const closure = await findMergeClosure({ chosen: ['C'], pool: ['A', 'B', 'D'], merges: (ids) => trialMerge(ids) });
 * if (closure.ids) console.log(`merges with ${closure.added.join(', ')}`); // 'merges with B'
 * ```
 */
export async function findMergeClosure(options: FindMergeClosureOptions): Promise<MergeClosure> {
  const chosen = [...new Set(options.chosen)];
  const chosenSet = new Set(chosen);
  const pool = [...new Set(options.pool)].filter((id) => !chosenSet.has(id));
  const maxTrials = options.maxTrials ?? 64;
  const rank = new Map(options.pool.map((id, index) => [id, index]));
  const arrange = (extra: readonly string[]): string[] => {
    if (extra.length === 0) return [...chosen];
    const ranked = [...chosen.filter((id) => rank.has(id)), ...extra].sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0));
    return [...ranked, ...chosen.filter((id) => !rank.has(id))];
  };
  let trials = 0;
  for (const extra of subsetsBySize({ items: pool, maxSize: options.maxAdded ?? pool.length })) {
    if (trials >= maxTrials) return { ids: null, added: null, trials, exhausted: false };
    trials += 1;
    const ids = arrange(extra);
    if (await options.merges(ids)) return { ids, added: [...extra], trials };
  }
  return { ids: null, added: null, trials, exhausted: true };
}
