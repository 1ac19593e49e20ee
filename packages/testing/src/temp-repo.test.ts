import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from './index.js';

describe('createTempRepo', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  it('makes reproducible commits on main', () => {
    repo = createTempRepo();
    const first = repo.commit('init', { 'a.txt': 'one\n' });
    const other = createTempRepo();
    try {
      expect(other.commit('init', { 'a.txt': 'one\n' })).toBe(first);
    } finally {
      other.remove();
    }
    expect(repo.git(['symbolic-ref', '--short', 'HEAD'])).toBe('main');
    expect(repo.git(['show', 'HEAD:a.txt'])).toBe('one');
  });

  it('creates bare repositories', () => {
    repo = createTempRepo({ bare: true });
    expect(repo.git(['rev-parse', '--is-bare-repository'])).toBe('true');
  });
});
