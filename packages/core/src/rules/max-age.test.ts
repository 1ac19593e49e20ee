import { describe, expect, it } from 'vitest';
import { maxAge } from './max-age.js';
import { DAY, HOUR, NOW, makeContext, makeFacts, makeRequest, member, testEnv, withMembers } from './rule-fixtures.spec.js';

describe('max-age', () => {
  const a = makeRequest('A', { createdAt: NOW - 40 * DAY });

  it('passes while the request is younger than the limit in the source', () => {
    const facts = withMembers(makeFacts({ requests: [a] }), { test: [member(a, 2 * DAY + 3 * HOUR)] });
    expect(maxAge(makeContext({ request: a, facts, options: { days: 14 } }))).toEqual({
      status: 'pass',
      message: 'A has been in test for 2d 3h (limit 14 days).',
    });
  });

  it('warns, never fails, when it has waited too long in the source', () => {
    const facts = withMembers(makeFacts({ requests: [a] }), { test: [member(a, 15 * DAY)] });
    const result = maxAge(makeContext({ request: a, facts, options: { days: 14 } }));
    expect(result.status).toBe('warn');
    expect(result.message).toBe('A has waited in test for 15d, more than 14 days; promote it or take it out of test.');
  });

  it('defaults to 14 days', () => {
    const facts = withMembers(makeFacts({ requests: [a] }), { test: [member(a, 14 * DAY + HOUR)] });
    expect(maxAge(makeContext({ request: a, facts })).status).toBe('warn');
  });

  it('passes when the start is unknown', () => {
    expect(maxAge(makeContext({ request: a })).status).toBe('pass');
  });

  it('without a source, measures the request age from createdAt', () => {
    const context = makeContext({ request: a, target: testEnv, options: { days: 30 } });
    expect(maxAge(context)).toMatchObject({ status: 'warn', message: expect.stringContaining('created 40d ago') });
    const young = makeRequest('B', { createdAt: NOW - DAY });
    expect(maxAge(makeContext({ request: young, target: testEnv, options: { days: 30 } })).status).toBe('pass');
    const unknown = makeRequest('C', { createdAt: undefined });
    expect(maxAge(makeContext({ request: unknown, target: testEnv, options: { days: 30 } })).status).toBe('pass');
  });
});
