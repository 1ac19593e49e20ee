import { describe, expect, it } from 'vitest';
import { cleanMerge } from './clean-merge.js';
import { makeContext, makeFacts, makeRequest, member, testEnv, withMembers } from './rule-fixtures.spec.js';

describe('clean-merge', () => {
  const a = makeRequest('A');
  const b = makeRequest('B');
  const c = makeRequest('C');

  it('passes without known conflicts, ignoring conflicts with requests not involved', () => {
    const facts = makeFacts({ requests: [a, b, c], conflicts: [{ a: 'B', b: 'C', paths: ['x'] }] });
    expect(cleanMerge(makeContext({ request: a, facts, intent: { requestIds: ['A', 'B'] } })).status).toBe('pass');
  });

  it('fails on a conflict with the target tip', () => {
    const facts = makeFacts({ requests: [a], conflicts: [{ a: 'env:prod', b: 'A', paths: ['a', 'b', 'c', 'd', 'e'] }] });
    expect(cleanMerge(makeContext({ request: a, facts }))).toEqual({
      status: 'fail',
      message: 'A conflicts with prod in a, b, c and 2 more; resolve it on req/A (relctl sync A) and promote again.',
    });
  });

  it('fails on a conflict with a request promoted together', () => {
    const facts = makeFacts({ requests: [a, b], conflicts: [{ a: 'A', b: 'B', paths: ['src/app.ts'] }] });
    const result = cleanMerge(makeContext({ request: a, facts, intent: { requestIds: ['A', 'B'] } }));
    expect(result.message).toContain('B (promoted together) in src/app.ts');
    expect(cleanMerge(makeContext({ request: a, facts })).status).toBe('pass');
  });

  it('for an integration target, fails on a conflict with a request it already holds', () => {
    const facts = withMembers(makeFacts({ requests: [a, b], conflicts: [{ a: 'B', b: 'A', paths: ['x'] }] }), { test: [member(b)] });
    const result = cleanMerge(makeContext({ request: a, facts, target: testEnv }));
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('B (in test)') });
  });
});
