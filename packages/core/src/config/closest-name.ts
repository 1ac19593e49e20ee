/**
 * Options of {@link closestName}.
 *
 * @example
 * ```ts
 * const options: ClosestNameOptions = { name: 'dryrun', candidates: ['dry-run', 'json'] };
 * ```
 */
export interface ClosestNameOptions {
  name: string;
  candidates: readonly string[];
}

/** Edit distance where swapping two neighbouring characters counts as one edit. */
const distance = (a: string, b: string): number => {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.MAX_SAFE_INTEGER;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
};

/**
 * The candidate closest to a misspelt name, for "did you mean" hints: case-insensitive edit
 * distance (a swap of two neighbouring characters is one edit) of at most 1 for names of 3–5
 * characters and at most 2 for longer ones; `undefined` when none is that close.
 *
 * @example
 * ```ts
 * closestName({ name: 'aproved', candidates: ['approved', 'soak'] }); // 'approved'
 * closestName({ name: 'tset', candidates: ['test', 'prod'] }); // 'test'
 * ```
 */
export function closestName(options: ClosestNameOptions): string | undefined {
  const name = options.name.toLowerCase();
  const limit = name.length < 3 ? 0 : name.length <= 5 ? 1 : 2;
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of options.candidates) {
    const score = distance(name, candidate.toLowerCase());
    if (score > 0 && score <= limit && (!best || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}
