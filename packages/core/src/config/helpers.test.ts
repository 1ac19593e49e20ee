import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';
import { describeValue } from './describe-value.js';
import { formatIssuePath } from './format-issue-path.js';

describe('config helpers', () => {
  it('formatIssuePath', () => {
    expect(formatIssuePath([])).toBe('(root)');
    expect(formatIssuePath(['environments', 1, 'rules', 0])).toBe('environments[1].rules[0]');
    expect(formatIssuePath(['deploy', 'my key'])).toBe('deploy["my key"]');
    expect(formatIssuePath(['$schema'])).toBe('$schema');
  });

  it('closestName suggests only close names', () => {
    expect(closestName({ name: 'aproved', candidates: ['approved', 'soak'] })).toBe('approved');
    expect(closestName({ name: 'tset', candidates: ['test', 'prod'] })).toBe('test');
    expect(closestName({ name: 'xyz', candidates: ['test', 'prod'] })).toBeUndefined();
    expect(closestName({ name: 'a', candidates: ['b'] })).toBeUndefined();
    expect(closestName({ name: 'Soak', candidates: ['soak'] })).toBeUndefined();
  });

  it('describeValue', () => {
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue(3)).toBe('3');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue([])).toBe('an array');
    expect(describeValue({})).toBe('an object');
    expect(describeValue('x'.repeat(50))).toBe(`"${'x'.repeat(39)}…"`);
  });
});
