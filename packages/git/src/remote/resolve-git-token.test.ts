import { describe, expect, it } from 'vitest';
import { resolveGitToken } from './resolve-git-token.js';

describe('resolveGitToken', () => {
  it('takes RELCTL_GIT_TOKEN, then GITHUB_TOKEN, then GH_TOKEN, skipping blanks', () => {
    expect(resolveGitToken({ env: { GH_TOKEN: 'c', GITHUB_TOKEN: 'b', RELCTL_GIT_TOKEN: 'a' } })).toEqual({ value: 'a', variable: 'RELCTL_GIT_TOKEN' });
    expect(resolveGitToken({ env: { GH_TOKEN: 'c', GITHUB_TOKEN: '  ', RELCTL_GIT_TOKEN: '' } })).toEqual({ value: 'c', variable: 'GH_TOKEN' });
    expect(resolveGitToken({ env: {} })).toBeNull();
  });
});
