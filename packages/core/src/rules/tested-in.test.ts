import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { makeContext, makeFacts, makeRequest, member, sha, withMembers } from './rule-fixtures.spec.js';
import { testedIn } from './tested-in.js';

describe('tested-in', () => {
  const a = makeRequest('A');

  it('passes when the source holds the exact head', () => {
    const facts = withMembers(makeFacts({ requests: [a] }), { test: [member(a)] });
    expect(testedIn(makeContext({ request: a, facts }))).toEqual({
      status: 'pass',
      message: `test holds A at its head ${a.head.slice(0, 7)}.`,
    });
  });

  it('fails when the request is not in the source', () => {
    const result = testedIn(makeContext({ request: a }));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('A is not in test');
    expect(result.message).toContain('relctl promote A --to test');
  });

  it('fails when the source holds an older head, naming that SHA', () => {
    const old = sha('old');
    const facts = withMembers(makeFacts({ requests: [a] }), { test: [{ ...member(a), sha: old }] });
    const result = testedIn(makeContext({ request: a, facts }));
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`test holds ${old.slice(0, 7)} of A`);
    expect(result.message).toContain(`head is now ${a.head.slice(0, 7)}`);
  });

  it('fails when the target has no source environment', () => {
    const result = testedIn(makeContext({ request: a, source: undefined }));
    expect(result).toMatchObject({ status: 'fail' });
    expect(result.message).toContain('set "source" on prod');
  });

  it('refuses options it does not know', () => {
    expect(() => testedIn(makeContext({ request: a, options: { env: 'x' } }))).toThrow(ConfigError);
  });
});
