import { describe, expect, it } from 'vitest';
import { matchGlob } from './match-glob.js';
import { matchGlobSegment } from './match-glob-segment.js';

describe('matchGlobSegment', () => {
  it.each([
    ['*', 'lib-a', true],
    ['lib-*', 'lib-a', true],
    ['lib-*', 'app', false],
    ['*-a', 'lib-a', true],
    ['l?b-a', 'lib-a', true],
    ['[lx]ib-*', 'lib-a', true],
    ['[!l]ib-*', 'lib-a', false],
    ['[a-k]*', 'lib', false],
    ['*', '.hidden', false],
    ['.*', '.hidden', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['exact', 'exact', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchGlobSegment({ pattern, name })).toBe(expected);
  });

  it('is fast on patterns that make backtracking matchers explode', () => {
    const started = performance.now();
    expect(matchGlobSegment({ pattern: `${'*a'.repeat(30)}b`, name: 'a'.repeat(5000) })).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('matchGlob', () => {
  it('matches paths segment by segment with ** for any depth', () => {
    expect(matchGlob({ path: 'packages/lib-a', pattern: 'packages/*' })).toBe(true);
    expect(matchGlob({ path: 'packages/lib-a', pattern: './packages/*/' })).toBe(true);
    expect(matchGlob({ path: 'packages/x/lib-a', pattern: 'packages/*' })).toBe(false);
    expect(matchGlob({ path: 'apps/web/admin', pattern: 'apps/**' })).toBe(true);
    expect(matchGlob({ path: 'apps', pattern: 'apps/**' })).toBe(true);
    expect(matchGlob({ path: 'a/b/c/d', pattern: '**/c/*' })).toBe(true);
    expect(matchGlob({ path: 'a/.git/c', pattern: '**/c' })).toBe(false);
  });
});
