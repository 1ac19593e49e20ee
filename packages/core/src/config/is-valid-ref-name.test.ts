import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidRefName } from './is-valid-ref-name.js';
import { refNameProblem } from './ref-name-problem.js';

/**
 * The oracle: `git check-ref-format --allow-onelevel <name>`, for many names in one shell
 * (names starting with "-" would be read as options, so none are given).
 */
const gitAccepts = (names: readonly string[]): boolean[] => {
  const script = 'for name in "$@"; do if git check-ref-format --allow-onelevel "$name"; then echo 1; else echo 0; fi; done';
  const output = execFileSync('sh', ['-c', script, 'sh', ...names], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return output
    .trim()
    .split('\n')
    .map((line) => line === '1');
};

const CASES: [string, boolean][] = [
  ['main', true],
  ['env/test', true],
  ['a/b/c', true],
  ['x/@', true],
  ['a@b', true],
  ['é', true],
  ['v1.2.3', true],
  ['a.b/c.d', true],
  ['a-lock', true],
  ['lock.a', true],
  ['', false],
  ['@', false],
  ['a//b', false],
  ['/a', false],
  ['a/', false],
  ['a.', false],
  ['.a', false],
  ['a/.b', false],
  ['a/./b', false],
  ['a/../b', false],
  ['a..b', false],
  ['a.lock', false],
  ['a.lock/b', false],
  ['b/a.lock', false],
  ['a@{b', false],
  ['a b', false],
  ['a\tb', false],
  ['a\x7fb', false],
  ['a~b', false],
  ['a^b', false],
  ['a:b', false],
  ['a?b', false],
  ['a*b', false],
  ['a[b', false],
  ['a\\b', false],
];

describe('isValidRefName', () => {
  it.each(CASES)('%j → %s', (name, valid) => {
    expect(isValidRefName(name)).toBe(valid);
    expect(refNameProblem(name) === undefined).toBe(valid);
  });

  it('agrees with git check-ref-format on the table and on generated names', () => {
    const alphabet = fc.constantFrom(...'ab./@{}-_~^:?*[\\ \t\x7fé'.split(''), '.lock', '..', '//', '@{');
    const generated = fc.sample(
      fc.array(alphabet, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
      { numRuns: 100, seed: 20260107 },
    );
    const names = [...CASES.map(([name]) => name).filter((name) => name !== ''), ...generated].filter((name) => !name.startsWith('-'));
    const git = gitAccepts(names);
    expect(git).toHaveLength(names.length);
    const disagreements = names.filter((name, index) => git[index] !== isValidRefName(name));
    expect(disagreements).toEqual([]);
    // The generator must reach both answers, or the comparison proves little.
    expect(git.filter(Boolean).length).toBeGreaterThan(15);
    expect(git.filter((accepted) => !accepted).length).toBeGreaterThan(15);
  });
});
