import { describe, expect, it } from 'vitest';
import { findMergeClosure } from './find-merge-closure.js';
import { subsetsBySize } from './subsets-by-size.js';

describe('subsetsBySize', () => {
  it('yields every subset, smallest first, keeping item order', () => {
    expect([...subsetsBySize({ items: ['A', 'B', 'C'] })]).toEqual([[], ['A'], ['B'], ['C'], ['A', 'B'], ['A', 'C'], ['B', 'C'], ['A', 'B', 'C']]);
  });

  it('honours the size bounds', () => {
    expect([...subsetsBySize({ items: ['A', 'B', 'C'], minSize: 2, maxSize: 2 })]).toEqual([
      ['A', 'B'],
      ['A', 'C'],
      ['B', 'C'],
    ]);
    expect([...subsetsBySize({ items: [], minSize: 1 })]).toEqual([]);
  });

  it('yields 2^n subsets', () => {
    expect([...subsetsBySize({ items: [1, 2, 3, 4, 5, 6] })]).toHaveLength(64);
  });
});

describe('findMergeClosure', () => {
  it('returns the chosen set when it merges alone, after one trial', async () => {
    const tried: string[][] = [];
    const closure = await findMergeClosure({ chosen: ['C', 'A'], pool: ['A', 'B', 'C'], merges: async (ids) => (tried.push(ids), true) });
    expect(closure).toEqual({ ids: ['C', 'A'], added: [], trials: 1 });
    expect(tried).toEqual([['C', 'A']]);
  });

  it('finds the smallest set that merges, merged in the pool order', async () => {
    // C merges only together with B and D (whatever else is there).
    const merges = async (ids: string[]) => !ids.includes('C') || (ids.includes('B') && ids.includes('D'));
    const closure = await findMergeClosure({ chosen: ['C'], pool: ['A', 'B', 'C', 'D', 'E'], merges });
    expect(closure).toEqual({ ids: ['B', 'C', 'D'], added: ['B', 'D'], trials: 1 + 4 + 4 });
  });

  it('needs the order: a set merges only with B before C', async () => {
    const merges = async (ids: string[]) => ids.indexOf('B') >= 0 && ids.indexOf('B') < ids.indexOf('C');
    const closure = await findMergeClosure({ chosen: ['C'], pool: ['B', 'C'], merges });
    expect(closure.ids).toEqual(['B', 'C']);
  });

  it('puts chosen requests the pool does not hold last', async () => {
    const closure = await findMergeClosure({ chosen: ['X'], pool: ['A'], merges: async (ids) => ids.length === 2 });
    expect(closure.ids).toEqual(['A', 'X']);
  });

  it('stops at the trial bound, or says the search was exhaustive', async () => {
    const never = async () => false;
    expect(await findMergeClosure({ chosen: ['C'], pool: ['A', 'B', 'D', 'E'], merges: never, maxTrials: 5 })).toEqual({
      ids: null,
      added: null,
      trials: 5,
      exhausted: false,
    });
    expect(await findMergeClosure({ chosen: ['C'], pool: ['A', 'B'], merges: never })).toEqual({ ids: null, added: null, trials: 4, exhausted: true });
  });
});
