import { describe, expect, it } from 'vitest';
import { remoteTrackingRef } from './remote-tracking-ref.js';
import { resolveGitToken } from './resolve-git-token.js';
import { scrubSecrets } from './scrub-secrets.js';

describe('scrubSecrets', () => {
  it('masks URL user-info and every given secret, also URL-encoded', () => {
    const text = 'GET https://me:s3cr%2Ft@github.com/o/r.git and ssh://git@host/x failed: token s3cr/t, header eC1hY2Nlc3M=';
    expect(scrubSecrets({ text, secrets: ['s3cr/t', 'eC1hY2Nlc3M=', ''] })).toBe(
      'GET https://***@github.com/o/r.git and ssh://***@host/x failed: token ***, header ***',
    );
  });

  it('masks a longer secret whole even when it contains a shorter one', () => {
    expect(scrubSecrets({ text: 'abc-long-abc', secrets: ['abc', 'abc-long-abc'] })).toBe('***');
  });

  it('leaves text without credentials alone', () => {
    expect(scrubSecrets({ text: 'http://127.0.0.1:80/r.git refused', secrets: [] })).toBe('http://127.0.0.1:80/r.git refused');
  });
});

describe('resolveGitToken', () => {
  it('takes RELCTL_GIT_TOKEN, then GITHUB_TOKEN, then GH_TOKEN, skipping blanks', () => {
    expect(resolveGitToken({ env: { GH_TOKEN: 'c', GITHUB_TOKEN: 'b', RELCTL_GIT_TOKEN: 'a' } })).toEqual({ value: 'a', variable: 'RELCTL_GIT_TOKEN' });
    expect(resolveGitToken({ env: { GH_TOKEN: 'c', GITHUB_TOKEN: '  ', RELCTL_GIT_TOKEN: '' } })).toEqual({ value: 'c', variable: 'GH_TOKEN' });
    expect(resolveGitToken({ env: {} })).toBeNull();
  });
});

describe('remoteTrackingRef', () => {
  it('maps branches and relctl refs under the remote, tags onto themselves, nothing else', () => {
    const map = (ref: string) => remoteTrackingRef({ remote: 'up', ref });
    expect(map('refs/heads/req/A')).toBe('refs/remotes/up/req/A');
    expect(map('refs/relctl/log')).toBe('refs/remotes/up/relctl/log');
    expect(map('refs/tags/v1')).toBe('refs/tags/v1');
    expect(map('refs/tags/v1^{}')).toBeNull();
    expect(map('refs/pull/1/head')).toBeNull();
    expect(map('HEAD')).toBeNull();
  });
});
