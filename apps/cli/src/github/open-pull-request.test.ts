import { ConfigError, NotFoundError, StateError } from '@relctl/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient } from './create-github-client.js';
import { startFakeGithub, type FakeGithub } from './fake-github-server.spec.js';
import { openPullRequest } from './open-pull-request.js';

const TOKEN = 'ghs_unit_marker_5f3c';

describe('openPullRequest through @octokit/rest against a loopback GitHub', () => {
  let github: FakeGithub | null = null;
  afterEach(async () => {
    await github?.close();
    github = null;
  });
  const client = (url: string, value = TOKEN) => createGithubClient({ apiUrl: url, token: { value, variable: 'GITHUB_TOKEN' } });
  const target = { owner: 'acme', repo: 'shop', base: 'main', head: 'relctl-promote/1.1.0' };

  it('opens a pull request when none is open: looks it up, then POSTs head, base, title and body with the token', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    const result = await openPullRequest({ client: client(github.url), ...target, title: 'Release 1.1.0', body: '## Notes\n\n| a | b |\n' });
    expect(result).toEqual({
      action: 'created',
      pullRequest: { number: 1, url: 'https://github.example/acme/shop/pull/1', title: 'Release 1.1.0', body: '## Notes\n\n| a | b |\n', head: target.head, base: 'main' },
    });
    expect(github.requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', '/repos/acme/shop/pulls'],
      ['POST', '/repos/acme/shop/pulls'],
    ]);
    expect(github.requests[0]?.query).toMatchObject({ head: 'acme:relctl-promote/1.1.0', base: 'main', state: 'open' });
    expect(github.requests[1]?.body).toEqual({ head: target.head, base: 'main', title: 'Release 1.1.0', body: '## Notes\n\n| a | b |\n' });
    for (const request of github.requests) expect(request.headers.authorization).toBe(`token ${TOKEN}`);
    expect(github.requests[0]?.headers['user-agent']).toMatch(/^relctl/);
  });

  it('updates the open pull request with a new body (PATCH), and leaves it alone when nothing changed', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop' });
    await openPullRequest({ client: client(github.url), ...target, title: 'Release 1.1.0', body: 'first' });
    const updated = await openPullRequest({ client: client(github.url), ...target, title: 'Release 1.1.0', body: 'second' });
    expect(updated.action).toBe('updated');
    expect(github.requests.at(-1)).toMatchObject({ method: 'PATCH', path: '/repos/acme/shop/pulls/1', body: { title: 'Release 1.1.0', body: 'second' } });
    const again = await openPullRequest({ client: client(github.url), ...target, title: 'Release 1.1.0', body: 'second' });
    expect(again.action).toBe('unchanged');
    expect(github.requests.at(-1)?.method).toBe('GET');
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]?.body).toBe('second');
  });

  it('does not take a pull request of another branch or base for this one', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop' });
    await openPullRequest({ client: client(github.url), ...target, base: 'release', title: 'Other base', body: 'x' });
    await openPullRequest({ client: client(github.url), ...target, head: 'relctl-promote/1.2.0', title: 'Other head', body: 'x' });
    const mine = await openPullRequest({ client: client(github.url), ...target, title: 'Release 1.1.0', body: 'y' });
    expect(mine).toMatchObject({ action: 'created', pullRequest: { number: 3 } });
  });

  it('turns GitHub refusals into typed errors that name the variable and never hold the token', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: 'the-right-one' });
    const denied = await openPullRequest({ client: client(github.url), ...target, title: 't', body: 'b' }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(ConfigError);
    expect((denied as Error).message).toMatch(/^GitHub rejected the token from GITHUB_TOKEN \(401: Bad credentials\)/);
    expect(JSON.stringify({ message: (denied as Error).message, data: (denied as ConfigError).data })).not.toContain(TOKEN);

    const missing = await openPullRequest({ client: client(github.url, 'the-right-one'), ...target, owner: 'nobody', title: 't', body: 'b' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toContain('nobody/shop');
  });

  it('reports an unreachable API as a StateError naming the URL', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop' });
    const url = github.url;
    await github.close();
    github = null;
    const failed = await openPullRequest({ client: client(url), ...target, title: 't', body: 'b' }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StateError);
    expect((failed as Error).message).toContain(`Could not reach GitHub at ${url}`);
  });
});
