import { describe, expect, it } from 'vitest';
import { parseFsyncComponents } from './parse-fsync-components.js';

const set = (value: string | undefined) => [...parseFsyncComponents({ value })].sort();

describe('parseFsyncComponents (core.fsync as git 2.36+ reads it)', () => {
  it('unset: packs, pack metadata and the commit-graph, not loose objects', () => {
    expect(set(undefined)).toEqual(['commit-graph', 'pack', 'pack-metadata']);
  });

  it('adds to the default, aggregates included', () => {
    expect(set('loose-object')).toEqual(['commit-graph', 'loose-object', 'pack', 'pack-metadata']);
    expect(set('committed')).toEqual(['commit-graph', 'loose-object', 'pack', 'pack-metadata', 'reference']);
    expect(set('all')).toEqual(['commit-graph', 'index', 'loose-object', 'pack', 'pack-metadata', 'reference']);
  });

  it('"none" as the last word clears the default; -name removes; a removed word that is also added stays', () => {
    expect(set('none')).toEqual([]);
    expect(set('-pack')).toEqual(['commit-graph']); // "pack" also names pack-metadata
    expect(set('none,loose-object')).toEqual(['commit-graph', 'loose-object', 'pack', 'pack-metadata']);
    expect(set('loose-object,none')).toEqual(['loose-object']);
    expect(set('added,-pack')).toEqual(['commit-graph', 'index', 'loose-object', 'pack', 'pack-metadata', 'reference']);
  });

  it('a word names every component it begins; unknown words and separators are ignored', () => {
    expect(set('l')).toContain('loose-object');
    expect(set(' ,  loose-object, nonsense')).toEqual(['commit-graph', 'loose-object', 'pack', 'pack-metadata']);
    // As in git, a word runs up to the comma: a space before it makes a word no component begins with.
    expect(set('loose-object ,pack')).not.toContain('loose-object');
  });
});
