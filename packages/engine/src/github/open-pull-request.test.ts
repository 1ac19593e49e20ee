import { ConfigError, NotFoundError, StateError } from '@relctl/core';
import { startFakeGithub, type FakeGithub } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient } from './create-github-client.js';
import { openPullRequest } from './open-pull-request.js';

const TOKEN = 'ghs_unit_marker_5f3c';

/** The error a call failed with (the test fails if it did not fail). */
const rejection = <E extends Error>(promise: Promise<unknown>): Promise<E> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as E,
  );

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
      pullRequest: {
        number: 1,
        url: 'https://github.com/acme/shop/pull/1',
        title: 'Release 1.1.0',
        body: '## Notes\n\n| a | b |\n',
        head: target.head,
        base: 'main',
        headSha: github.pulls[0]?.headSha,
      },
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

  it('a token GitHub knows but that may not write pull requests is a ConfigError (403); one that cannot see the repository a NotFoundError (404)', async () => {
    github = await startFakeGithub({
      owner: 'acme',
      repo: 'shop',
      tokens: { reader: { permissions: { pull_requests: 'read', contents: 'write' } }, stranger: { repositoryAccess: false } },
    });
    const reader = await rejection<ConfigError>(openPullRequest({ client: client(github.url, 'reader'), ...target, title: 't', body: 'b' }));
    expect(reader).toBeInstanceOf(ConfigError);
    expect(reader.message).toMatch(
      /^GitHub did not let the token from GITHUB_TOKEN open a pull request from relctl-promote\/1.1.0 into main \(403: Resource not accessible by integration\)/,
    );
    expect(github.requests.map((request) => [request.operationId, request.status])).toEqual([
      ['pulls/list', 200],
      ['pulls/create', 403],
    ]);
    const stranger = await openPullRequest({ client: client(github.url, 'stranger'), ...target, title: 't', body: 'b' }).catch((error: unknown) => error);
    expect(stranger).toBeInstanceOf(NotFoundError);
  });

  it('a secondary rate limit (403 or 429 with retry-after) or a spent primary one is a StateError saying when to retry, not a token problem', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    github.injectFault({ kind: 'secondary-rate-limit', retryAfter: 60 });
    github.injectFault({ kind: 'secondary-rate-limit', status: 429, retryAfter: 5 });
    github.injectFault({ kind: 'primary-rate-limit' });
    const attempt = () => rejection<StateError>(openPullRequest({ client: client(github!.url), ...target, title: 't', body: 'b' }));
    const secondary = await attempt();
    expect(secondary).toBeInstanceOf(StateError);
    expect(secondary.message).toBe(
      "GitHub's rate limit stopped relctl: could not look up the pull request of relctl-promote/1.1.0 in acme/shop (403: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.); run the command again in 60 seconds.",
    );
    expect(secondary.data).toMatchObject({ status: 403, retryAfterSeconds: 60 });
    expect((await attempt()).message).toMatch(/^GitHub's rate limit stopped relctl: could not .* \(429: .*\); run the command again in 5 seconds\.$/);
    const primary = await attempt();
    expect(primary).toBeInstanceOf(StateError);
    expect(primary.message).toMatch(
      /^GitHub's rate limit stopped relctl: could not .* \(403: API rate limit exceeded for installation ID 1000\.\); run the command again after 2025-01-01T01:00:00Z\.$/,
    );
    expect(github.pulls).toEqual([]);
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
