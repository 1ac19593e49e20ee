import type { GitPort, MergeOutcome, Sha } from '@relctl/core';

/**
 * The git port with its answers about commits remembered for the command's lifetime: merges
 * (`mergeCommits`), merge bases and ancestry depend only on the commits named, never on refs, so
 * an attempt that lost a push race and plans again reuses every trial merge, merge and ancestry
 * check whose commits origin's move did not change (a test promoter's push moves env/test and
 * the log, not main: a production promotion's merges on main are all reused), and redoes only
 * the ones on commits that did move. Wraps a plain port (below the resolving one: recorded
 * resolutions are refs, read again each time).
 */
export function reuseMerges<P extends GitPort>(git: P): P {
  const merges = new Map<string, Promise<MergeOutcome>>();
  const bases = new Map<string, Promise<Sha[]>>();
  const ancestry = new Map<string, Promise<boolean>>();
  const remember = <T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> => {
    const known = cache.get(key);
    if (known) return known;
    const answer = compute();
    cache.set(key, answer);
    // A failed call (a missing object, an interrupted read) is asked again next time, not remembered.
    answer.catch(() => cache.delete(key));
    return answer;
  };
  return {
    ...git,
    // A plain port ignores `options` (only a resolving port reads them): the commits decide the outcome.
    mergeCommits: async (ours, theirs, options) => structuredClone(await remember(merges, `${ours} ${theirs}`, () => git.mergeCommits(ours, theirs, options))),
    mergeBases: async (a, b) => [...(await remember(bases, `${a} ${b}`, () => git.mergeBases(a, b)))],
    isAncestor: (ancestor, descendant) => remember(ancestry, `${ancestor} ${descendant}`, () => git.isAncestor(ancestor, descendant)),
  };
}
