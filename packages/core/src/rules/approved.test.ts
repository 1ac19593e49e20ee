import { describe, expect, it } from 'vitest';
import { approved, approvedOptionsSchema } from './approved.js';
import { approval, makeContext, makeFacts, makeRequest, sha } from './rule-fixtures.spec.js';

describe('approved', () => {
  const a = makeRequest('A', { requester: 'Ann <ann@example.com>' });
  const check = (approvals: ReturnType<typeof approval>[], options: Record<string, unknown> = {}) =>
    approved(makeContext({ request: a, facts: makeFacts({ requests: [a], approvals }), options }));

  it('passes with an approval of the current head for the target', () => {
    const result = check([approval(a, 'prod', 'Bob <bob@example.com>')]);
    expect(result.status).toBe('pass');
    expect(result.message).toContain('Bob <bob@example.com>');
  });

  it('fails without any approval and says how to add one', () => {
    const result = check([]);
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`A has no approval for prod of its head ${a.head.slice(0, 7)}`);
    expect(result.message).toContain('relctl approve A');
  });

  it('does not count approvals for another environment', () => {
    expect(check([approval(a, 'test', 'Bob <bob@example.com>')]).status).toBe('fail');
  });

  it('treats an approval of an older head as stale', () => {
    const old = sha('old');
    const result = check([approval(a, 'prod', 'Bob <bob@example.com>', old)]);
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`older heads (${old.slice(0, 7)}) are stale`);
  });

  it('with by: requester, only the requester counts (by email, any case)', () => {
    expect(check([approval(a, 'prod', 'Bob <bob@example.com>')], { by: 'requester' })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('approvals by Bob <bob@example.com> do not count'),
    });
    expect(check([approval(a, 'prod', 'ANN B. <Ann@Example.com>')], { by: 'requester' }).status).toBe('pass');
  });

  it('with by: requester, fails when the requester is unknown', () => {
    const anonymous = makeRequest('A', { requester: undefined });
    const result = approved(
      makeContext({
        request: anonymous,
        facts: makeFacts({ requests: [anonymous], approvals: [approval(anonymous, 'prod', 'Bob <bob@example.com>')] }),
        options: { by: 'requester' },
      }),
    );
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('no known requester') });
  });

  it('with a list and a count, needs that many different listed approvers', () => {
    const options = { by: ['bob@example.com', 'Cy'], count: 2 };
    const bob = approval(a, 'prod', 'Bob <bob@example.com>');
    const result = check([bob, bob, approval(a, 'prod', 'Eve <eve@example.com>')], options);
    expect(result.status).toBe('fail');
    expect(result.message).toContain('needs 2 approvals for prod');
    expect(result.message).toContain('has 1');
    expect(check([bob, approval(a, 'prod', 'Cy <cy@example.com>')], options).status).toBe('pass');
  });

  it('validates its options', () => {
    expect(approvedOptionsSchema.safeParse({}).data).toEqual({ count: 1 });
    expect(approvedOptionsSchema.safeParse({ by: 'requester', count: 2 }).success).toBe(false);
    expect(approvedOptionsSchema.safeParse({ by: ['x'], count: 2 }).success).toBe(false);
    expect(approvedOptionsSchema.safeParse({ by: 'alice' }).success).toBe(false);
    expect(approvedOptionsSchema.safeParse({ count: 0 }).success).toBe(false);
  });
});
