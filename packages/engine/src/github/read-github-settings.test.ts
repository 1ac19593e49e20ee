import { ConfigError } from '@relctl/core';
import { describe, expect, it } from 'vitest';
import { readGithubSettings } from './read-github-settings.js';

describe('readGithubSettings', () => {
  it('defaults to api.github.com, no token, and the repository of a GitHub remote', () => {
    expect(readGithubSettings({ env: {}, remoteUrl: 'git@github.com:acme/shop.git' })).toEqual({
      apiUrl: 'https://api.github.com',
      webUrl: 'https://github.com',
      token: null,
      repository: { owner: 'acme', repo: 'shop', from: 'remote' },
    });
  });

  it('takes the token from RELCTL_GIT_TOKEN, then GITHUB_TOKEN, then GH_TOKEN, skipping blank values', () => {
    const token = (env: Record<string, string>) => readGithubSettings({ env, remoteUrl: null }).token;
    expect(token({ GH_TOKEN: 'c', GITHUB_TOKEN: 'b', RELCTL_GIT_TOKEN: 'a' })).toEqual({ value: 'a', variable: 'RELCTL_GIT_TOKEN' });
    expect(token({ GH_TOKEN: 'c', GITHUB_TOKEN: 'b', RELCTL_GIT_TOKEN: ' ' })).toEqual({ value: 'b', variable: 'GITHUB_TOKEN' });
    expect(token({ GH_TOKEN: 'c', GITHUB_TOKEN: '' })).toEqual({ value: 'c', variable: 'GH_TOKEN' });
    expect(token({})).toBeNull();
  });

  it('takes the API URL from RELCTL_GITHUB_API_URL before GITHUB_API_URL, without a trailing slash', () => {
    expect(readGithubSettings({ env: { GITHUB_API_URL: 'https://api.github.com/' }, remoteUrl: null }).apiUrl).toBe('https://api.github.com');
    expect(readGithubSettings({ env: { RELCTL_GITHUB_API_URL: 'http://127.0.0.1:4000/', GITHUB_API_URL: 'https://api.github.com' }, remoteUrl: null }).apiUrl).toBe(
      'http://127.0.0.1:4000',
    );
  });

  it('treats the host of a GitHub Enterprise API URL as a GitHub host, and links to it', () => {
    const settings = readGithubSettings({ env: { GITHUB_API_URL: 'https://ghe.example.com/api/v3' }, remoteUrl: 'https://ghe.example.com/team/app.git' });
    expect(settings.repository).toEqual({ owner: 'team', repo: 'app', from: 'remote' });
    expect(settings.webUrl).toBe('https://ghe.example.com');
  });

  it('RELCTL_GITHUB_REPOSITORY wins over the remote; GITHUB_REPOSITORY fills in for a remote that is not on GitHub', () => {
    expect(readGithubSettings({ env: { RELCTL_GITHUB_REPOSITORY: 'o/r' }, remoteUrl: 'git@github.com:acme/shop.git' }).repository).toEqual({
      owner: 'o',
      repo: 'r',
      from: 'RELCTL_GITHUB_REPOSITORY',
    });
    expect(readGithubSettings({ env: { GITHUB_REPOSITORY: 'o/r' }, remoteUrl: 'git@github.com:acme/shop.git' }).repository?.from).toBe('remote');
    const fallback = readGithubSettings({ env: { GITHUB_REPOSITORY: 'o/r', GITHUB_SERVER_URL: 'https://github.com' }, remoteUrl: '/srv/git/shop.git' });
    expect(fallback.repository).toEqual({ owner: 'o', repo: 'r', from: 'GITHUB_REPOSITORY' });
    expect(readGithubSettings({ env: {}, remoteUrl: 'https://gitlab.com/acme/shop.git' }).repository).toBeNull();
  });

  it('refuses malformed settings with a ConfigError naming the variable', () => {
    expect(() => readGithubSettings({ env: { RELCTL_GITHUB_API_URL: 'ftp://x' }, remoteUrl: null })).toThrow(/RELCTL_GITHUB_API_URL is not an https URL/);
    // The token goes to the API: never over plain http, but to a loopback test server.
    expect(() => readGithubSettings({ env: { GITHUB_API_URL: 'http://ghe.example.com/api/v3' }, remoteUrl: null })).toThrow(/GITHUB_API_URL is not an https URL/);
    expect(() => readGithubSettings({ env: { RELCTL_GITHUB_REPOSITORY: 'just-a-name' }, remoteUrl: null })).toThrow(ConfigError);
  });
});
