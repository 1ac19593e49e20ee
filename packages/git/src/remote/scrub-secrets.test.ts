import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub-secrets.js';

describe('scrubSecrets', () => {
  it('masks URL user-info and every given secret, also URL-encoded', () => {
    const text = 'GET https://me:s3cr%2Ft@github.com/o/r.git and ssh://git@host/x failed: token s3cr/t, header eC1hY2Nlc3M=';
    expect(scrubSecrets({ text, secrets: ['s3cr/t', 'eC1hY2Nlc3M=', ''] })).toBe('GET https://***@github.com/o/r.git and ssh://***@host/x failed: token ***, header ***');
  });

  it('masks a longer secret whole even when it contains a shorter one', () => {
    expect(scrubSecrets({ text: 'abc-long-abc', secrets: ['abc', 'abc-long-abc'] })).toBe('***');
  });

  it('leaves text without credentials alone', () => {
    expect(scrubSecrets({ text: 'http://127.0.0.1:80/r.git refused', secrets: [] })).toBe('http://127.0.0.1:80/r.git refused');
  });
});
