/**
 * Options of {@link subsetsBySize}.
 *
 * @example
 * ```ts
 * for (const ids of subsetsBySize({ items: ['A', 'B', 'D'], minSize: 1, maxSize: 2 })) console.log(ids);
 * ```
 */
export interface SubsetsBySizeOptions<T> {
  items: readonly T[];
  /** Smallest subset size to yield (default 0: the empty set first). */
  minSize?: number;
  /** Largest subset size to yield (default: all items). */
  maxSize?: number;
}

/**
 * Every subset of `items`, smallest first; subsets of one size in lexicographic order of item
 * positions, each keeping the items' order. Lazy, so a bounded search stops early.
 *
 * @example
 * ```ts
 * [...subsetsBySize({ items: ['A', 'B', 'C'], minSize: 1, maxSize: 2 })];
 * // [['A'], ['B'], ['C'], ['A', 'B'], ['A', 'C'], ['B', 'C']]
 * ```
 */
export function* subsetsBySize<T>(options: SubsetsBySizeOptions<T>): Generator<T[]> {
  const { items } = options;
  const min = Math.max(0, options.minSize ?? 0);
  const max = Math.min(items.length, options.maxSize ?? items.length);
  for (let size = min; size <= max; size += 1) {
    const picks = Array.from({ length: size }, (_, index) => index);
    for (;;) {
      yield picks.map((index) => items[index] as T);
      let position = size - 1;
      while (position >= 0 && picks[position] === items.length - size + position) position -= 1;
      if (position < 0) break;
      picks[position] = (picks[position] ?? 0) + 1;
      for (let next = position + 1; next < size; next += 1) picks[next] = (picks[next - 1] ?? 0) + 1;
    }
  }
}
