import { describe, expect, it } from 'vitest';
import { changeset } from './changeset.js';
import { makeContext, makeRequest } from './rule-fixtures.spec.js';

describe('changeset', () => {
  it('passes with a bump and a release note', () => {
    const request = makeRequest('A', { changeset: { bump: 'minor', summary: 'Add CSV export\n\nMore text.' } });
    expect(changeset(makeContext({ request }))).toEqual({ status: 'pass', message: 'minor change: Add CSV export' });
  });

  it('fails without a changeset, naming the file', () => {
    const request = makeRequest('A', { changeset: undefined });
    expect(changeset(makeContext({ request }))).toEqual({
      status: 'fail',
      message: 'A has no changeset (.changeset/A.md); add one with a bump type and a release note.',
    });
  });

  it('fails with an empty release note', () => {
    const request = makeRequest('A', { changeset: { bump: 'patch', summary: '  \n' } });
    expect(changeset(makeContext({ request })).status).toBe('fail');
  });

  it('warns when the bump is none', () => {
    const request = makeRequest('A', { changeset: { bump: 'none', summary: '' } });
    expect(changeset(makeContext({ request }))).toMatchObject({ status: 'warn', message: expect.stringContaining('without a version change') });
  });
});
