import { describe, expect, it } from 'vitest';
import { parseGithubRemote } from './parse-github-remote.js';

describe('parseGithubRemote', () => {
  const acme = { host: 'github.com', owner: 'acme', repo: 'shop' };

  it.each([
    'https://github.com/acme/shop.git',
    'https://github.com/acme/shop',
    'https://github.com/acme/shop/',
    'https://GitHub.com/acme/shop.git',
    'https://x-access-token:ghs_secret@github.com/acme/shop.git',
    'http://github.com/acme/shop.git',
    'git@github.com:acme/shop.git',
    'git@github.com:acme/shop',
    'github.com:acme/shop.git',
    'ssh://git@github.com/acme/shop.git',
    'ssh://git@github.com:22/acme/shop.git',
    'git://github.com/acme/shop.git',
    '  https://github.com/acme/shop.git\n',
  ])('reads acme/shop from %s', (url) => {
    expect(parseGithubRemote({ url })).toEqual(acme);
  });

  it('keeps dots, dashes and underscores in names', () => {
    expect(parseGithubRemote({ url: 'git@github.com:my-org/web.site_v2.git' })).toEqual({ host: 'github.com', owner: 'my-org', repo: 'web.site_v2' });
  });

  it.each([
    'https://gitlab.com/acme/shop.git',
    'git@bitbucket.org:acme/shop.git',
    'https://github.com/acme',
    'https://github.com/acme/shop/tree/main',
    'https://github.com/acme/../shop.git',
    '/srv/git/shop.git',
    'C:\\repos\\shop.git',
    'file:///srv/git/acme/shop.git',
    'http://127.0.0.1:8080/origin.git',
    '',
  ])('is null for %j', (url) => {
    expect(parseGithubRemote({ url })).toBeNull();
  });

  it('accepts GitHub Enterprise hosts that are named, and only those', () => {
    expect(parseGithubRemote({ url: 'git@ghe.example.com:team/app.git', hosts: ['github.com', 'ghe.example.com'] })).toEqual({
      host: 'ghe.example.com',
      owner: 'team',
      repo: 'app',
    });
    expect(parseGithubRemote({ url: 'git@ghe.example.com:team/app.git' })).toBeNull();
  });

  it('never returns credentials from the URL', () => {
    const parsed = parseGithubRemote({ url: 'https://kim:hunter2@github.com/acme/shop.git' });
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
  });
});
