import { describe, expect, it } from 'vitest';
import { dependsOn } from './depends-on.js';
import { makeContext, makeFacts, makeRequest, member, sha, testEnv, withMembers } from './rule-fixtures.spec.js';

describe('depends-on', () => {
  const a = makeRequest('A');
  const b = makeRequest('B', { dependsOn: ['A'] });

  it('passes without dependencies', () => {
    expect(dependsOn(makeContext({ request: a })).status).toBe('pass');
  });

  it('passes when the dependency is in the target', () => {
    const facts = withMembers(makeFacts({ requests: [a, b] }), { prod: [member(a)] });
    expect(dependsOn(makeContext({ request: b, facts }))).toEqual({ status: 'pass', message: 'dependencies are there: A (in prod).' });
  });

  it('passes when the dependency is promoted together', () => {
    const facts = makeFacts({ requests: [a, b] });
    const result = dependsOn(makeContext({ request: b, facts, intent: { requestIds: ['B', 'A'] } }));
    expect(result).toEqual({ status: 'pass', message: 'dependencies are there: A (promoted together).' });
  });

  it('fails when the dependency is missing, naming it and the fix', () => {
    const facts = withMembers(makeFacts({ requests: [a, b] }), { test: [member(a)] });
    const result = dependsOn(makeContext({ request: b, facts }));
    expect(result.status).toBe('fail');
    expect(result.message).toBe('B depends on A, which is not in prod and not promoted with it; promote them together (relctl promote A B --to prod) or add --with-deps.');
  });

  it('warns when the target holds an older head of the dependency', () => {
    const facts = withMembers(makeFacts({ requests: [a, b] }), { prod: [{ ...member(a), sha: sha('old') }] });
    expect(dependsOn(makeContext({ request: b, facts })).status).toBe('warn');
  });

  it('fails on a dependency cycle and shows it', () => {
    const x = makeRequest('X', { dependsOn: ['Y'] });
    const y = makeRequest('Y', { dependsOn: ['Z'] });
    const z = makeRequest('Z', { dependsOn: ['X'] });
    const facts = makeFacts({ requests: [x, y, z] });
    const result = dependsOn(makeContext({ request: x, facts, target: testEnv, intent: { requestIds: ['X', 'Y', 'Z'] } }));
    expect(result).toEqual({
      status: 'fail',
      message: "X's dependencies form a cycle: X -> Y -> Z -> X; remove one of these dependencies.",
    });
  });
});
