import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { renderGithubReleaseLine } from '@relctl/release-notes';
import { changelogGithubSource } from './changelog-github-source.js';

const TOKEN = 'ghs_changelog_marker_7a1d';
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

/**
 * A loopback stand-in for the three GitHub REST calls of the github changelog style (this test's
 * own: the shared fake answers pull-request calls only): the pull requests of a commit, a commit's
 * author, a pull request.
 */
async function startRestGithub(): Promise<{ url: string; paths: string[]; authorizations: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const authorizations: string[] = [];
  const user = (login: string) => ({ login, html_url: `https://github.com/${login}` });
  const routes: Record<string, unknown> = {
    [`/repos/acme/shop/commits/${A}/pulls`]: [
      { number: 30, html_url: 'https://github.com/acme/shop/pull/30', merged_at: null, user: user('late') },
      { number: 21, html_url: 'https://github.com/acme/shop/pull/21', merged_at: '2026-01-10T10:00:00Z', user: user('alice') },
      { number: 25, html_url: 'https://github.com/acme/shop/pull/25', merged_at: '2026-01-12T10:00:00Z', user: user('mallory') },
    ],
    [`/repos/acme/shop/commits/${B}/pulls`]: [],
    [`/repos/acme/shop/commits/${B}`]: { sha: B, author: user('bob') },
    '/repos/acme/shop/pulls/7': { number: 7, html_url: 'https://github.com/acme/shop/pull/7', user: user('carol'), merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: 'c'.repeat(40) },
  };
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0] as string;
    paths.push(path);
    authorizations.push(String(request.headers.authorization));
    const body = routes[path];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { message: 'Not Found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, authorizations, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('changelogGithubSource', () => {
  let github: Awaited<ReturnType<typeof startRestGithub>> | null = null;
  afterEach(async () => {
    await github?.close();
    github = null;
  });

  it("gathers each commit's pull request (the earliest merged) and the user to thank, as changelog-github picks them", async () => {
    github = await startRestGithub();
    const warnings: string[] = [];
    const source = changelogGithubSource({
      env: { RELCTL_GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN },
      remoteUrl: 'git@github.com:acme/shop.git',
      warn: (text) => warnings.push(text),
    });
    expect(source).toMatchObject({ repository: 'acme/shop', serverUrl: 'https://github.com' });
    const info = await source?.fetchInfo({ commits: [A, B], pulls: [7] });
    expect(info).toEqual({
      commits: {
        [A]: { pull: { number: 21, url: 'https://github.com/acme/shop/pull/21' }, user: { login: 'alice', url: 'https://github.com/alice' } },
        [B]: { pull: null, user: { login: 'bob', url: 'https://github.com/bob' } },
      },
      pulls: { '7': { url: 'https://github.com/acme/shop/pull/7', user: { login: 'carol', url: 'https://github.com/carol' }, mergeCommit: 'c'.repeat(40) } },
    });
    expect(github.paths).toEqual([`/repos/acme/shop/commits/${A}/pulls`, `/repos/acme/shop/commits/${B}/pulls`, `/repos/acme/shop/commits/${B}`, '/repos/acme/shop/pulls/7']);
    for (const authorization of github.authorizations) expect(authorization).toBe(`token ${TOKEN}`);
    expect(warnings).toEqual([]);
    // The data renders as changelog-github's line.
    expect(renderGithubReleaseLine({ summary: 'Add CSV export', sha: A, repository: 'acme/shop', serverUrl: 'https://github.com', info: info as never })).toBe(
      `- [#21](https://github.com/acme/shop/pull/21) [\`aaaaaaa\`](https://github.com/acme/shop/commit/${A}) Thanks [@alice](https://github.com/alice)! - Add CSV export`,
    );
  });

  it('is absent when the remote is not on GitHub, and asks nothing without a token', async () => {
    expect(changelogGithubSource({ env: {}, remoteUrl: 'https://gitlab.com/acme/shop.git', warn: () => {} })).toBeUndefined();
    const warnings: string[] = [];
    const source = changelogGithubSource({ env: {}, remoteUrl: 'https://github.com/acme/shop.git', warn: (text) => warnings.push(text) });
    expect(await source?.fetchInfo({ commits: [A], pulls: [] })).toEqual({ commits: {}, pulls: {} });
    expect(warnings[0]).toMatch(/no GitHub token/);
  });
});
