import { describe, expect, it } from 'vitest';
import { StateError } from '../errors/index.js';
import { buildConflictMatrix } from './build-conflict-matrix.js';
import { conflictPairKey } from './conflict-pair-key.js';
import { conflictsFromMatrix } from './conflicts-from-matrix.js';
import { listConflictPairs } from './list-conflict-pairs.js';

const sha = (digit: string): string => digit.repeat(40);
const requests = [
  { id: 'A', sha: sha('3') },
  { id: 'B', sha: sha('1') },
  { id: 'C', sha: sha('2') },
];
const base = { env: 'prod', tip: sha('0') };

describe('conflictPairKey', () => {
  it('is the same whichever way round the commits come', () => {
    expect(conflictPairKey({ a: sha('a'), b: sha('b') })).toBe(`${sha('a')}:${sha('b')}`);
    expect(conflictPairKey({ a: sha('b'), b: sha('a') })).toBe(`${sha('a')}:${sha('b')}`);
  });
});

describe('listConflictPairs', () => {
  it('lists every request pair in order, then each request with the base, smaller SHA as ours', () => {
    const pairs = listConflictPairs({ requests, base });
    expect(pairs.map((pair) => `${pair.a}|${pair.b}`)).toEqual(['A|B', 'A|C', 'B|C', 'A|env:prod', 'B|env:prod', 'C|env:prod']);
    for (const pair of pairs) {
      expect(pair.ours <= pair.theirs).toBe(true);
      expect(pair.key).toBe(`${pair.ours}:${pair.theirs}`);
    }
    expect(pairs[0]).toMatchObject({ ours: sha('1'), theirs: sha('3') });
  });

  it('has n(n-1)/2 pairs without a base', () => {
    const six = Array.from({ length: 6 }, (_, index) => ({ id: `R${index}`, sha: sha(String(index)) }));
    expect(listConflictPairs({ requests: six, base: null })).toHaveLength(15);
    expect(listConflictPairs({ requests: six, base })).toHaveLength(21);
  });
});

describe('buildConflictMatrix', () => {
  const results = Object.fromEntries(
    listConflictPairs({ requests, base }).map((pair) => [pair.key, pair.a === 'A' && pair.b === 'C' ? { clean: false, paths: ['z.js', 'a.js'] } : { clean: true, paths: [] }]),
  );

  it('reports exactly the conflicting pairs, paths sorted', () => {
    const matrix = buildConflictMatrix({ requests, base, results });
    expect(matrix.cells).toHaveLength(6);
    expect(matrix.conflicts).toEqual([{ a: 'A', b: 'C', clean: false, paths: ['a.js', 'z.js'] }]);
    expect(conflictsFromMatrix({ matrix })).toEqual([{ a: 'A', b: 'C', paths: ['a.js', 'z.js'] }]);
  });

  it('refuses a missing result', () => {
    const partial = { ...results };
    delete partial[conflictPairKey({ a: sha('1'), b: sha('2') })];
    expect(() => buildConflictMatrix({ requests, base, results: partial })).toThrow(StateError);
  });
});
