import { describe, expect, it } from 'vitest';
import { HOUR, NOW, makeContext, makeFacts, makeRequest, member, sha, withMembers } from './rule-fixtures.spec.js';
import { soak, soakOptionsSchema } from './soak.js';

describe('soak', () => {
  const a = makeRequest('A');
  const inTest = (since: number | undefined, memberSha = a.head) =>
    withMembers(makeFacts({ requests: [a] }), { test: [{ requestId: 'A', sha: memberSha, ...(since === undefined ? {} : { since }) }] });

  it('passes once the head has been in the source long enough (boundary inclusive)', () => {
    expect(soak(makeContext({ request: a, facts: inTest(NOW - 24 * HOUR), options: { hours: 24 } }))).toEqual({
      status: 'pass',
      message: 'A has been in test for 1d (soak 24h).',
    });
  });

  it('fails when too short, saying when it will be ready', () => {
    const result = soak(makeContext({ request: a, facts: inTest(NOW - 3 * HOUR - 10 * 60_000), options: { hours: 24 } }));
    expect(result).toEqual({
      status: 'fail',
      message: `A has been in test for 3h 10m of the 24h soak; ready at ${new Date(NOW + 20 * HOUR + 50 * 60_000).toISOString()}.`,
    });
  });

  it('fails when the source holds an older head or the start is unknown or it is absent', () => {
    expect(soak(makeContext({ request: a, facts: inTest(NOW - 100 * HOUR, sha('old')), options: { hours: 1 } })).message).toContain('older head');
    expect(soak(makeContext({ request: a, facts: inTest(undefined), options: { hours: 1 } })).message).toContain('not known since when');
    expect(soak(makeContext({ request: a, options: { hours: 1 } })).message).toContain('A is not in test');
    expect(soak(makeContext({ request: a, facts: withMembers(makeFacts(), { test: [member(a)] }), options: { hours: 1 }, source: undefined })).status).toBe('fail');
  });

  it('needs hours > 0', () => {
    expect(soakOptionsSchema.safeParse({ hours: 0 }).success).toBe(false);
    expect(soakOptionsSchema.safeParse({}).success).toBe(false);
    expect(soakOptionsSchema.safeParse({ hours: 0.5 }).success).toBe(true);
  });
});
