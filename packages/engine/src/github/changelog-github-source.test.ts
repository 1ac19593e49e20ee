import { join } from 'node:path';
import { createTempRepo, git, makeTempDir, startFakeGithub, type FakeGithub } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { renderGithubReleaseLine } from '@relctl/release-notes';
import { changelogGithubSource } from './changelog-github-source.js';

const TOKEN = 'ghs_changelog_marker_7a1d';

/**
 * The repository GitHub holds: on main, commit B by Bob (an address of his account) and C by an
 * address no account has; commit A on `csv-export`, on its way to three release lines; D on `docs`.
 */
function origin(): { dir: string; A: string; B: string; C: string } {
  const work = createTempRepo();
  const commit = (message: string, file: string, author: string, email: string): string => {
    work.write({ [file]: `${message}\n` });
    git(work.dir, ['add', '-A']);
    git(work.dir, ['commit', '-q', '-m', message], { env: { GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: email } });
    return git(work.dir, ['rev-parse', 'HEAD']);
  };
  commit('Initial', 'README.md', 'Kim', 'kim@example.com');
  const B = commit('Faster checkout', 'checkout.ts', 'Bob', 'bob@example.com');
  const C = commit('Fix rounding', 'round.ts', 'Someone', 'someone@example.com');
  for (const branch of ['next', 'release/1.x', 'release/2.x']) git(work.dir, ['branch', branch]);
  git(work.dir, ['switch', '-q', '-c', 'csv-export']);
  const A = commit('Add CSV export', 'csv.ts', 'Dev', 'dev@example.com');
  git(work.dir, ['switch', '-q', '-c', 'docs', 'main']);
  commit('Document CSV export', 'docs.md', 'Carol', 'carol@example.com');
  const dir = join(makeTempDir('changelog-github'), 'origin.git');
  git(work.dir, ['clone', '-q', '--bare', work.dir, dir]);
  work.remove();
  return { dir, A, B, C };
}

describe('changelogGithubSource against the loopback GitHub of @relctl/testing', () => {
  let github: FakeGithub | null = null;
  afterEach(async () => {
    await github?.close();
    github = null;
  });

  it("gathers each commit's pull request (the earliest merged) and the user to thank, as changelog-github picks them", async () => {
    const { dir, A, B, C } = origin();
    // A token that may only read: the changelog needs no more.
    github = await startFakeGithub({
      owner: 'acme',
      repo: 'shop',
      gitDir: dir,
      tokens: { [TOKEN]: { permissions: { contents: 'read', pull_requests: 'read' } } },
      emails: { 'bob@example.com': 'bob' },
    });
    // A's pull requests: #1 (mallory) merged second, #2 (alice) merged first, #3 (late) never merged.
    github.addPull({ head: 'csv-export', base: 'next', title: 'CSV export', user: 'mallory' });
    github.addPull({ head: 'csv-export', base: 'release/1.x', title: 'CSV export for 1.x', user: 'alice' });
    github.addPull({ head: 'csv-export', base: 'release/2.x', title: 'CSV export for 2.x', user: 'late' });
    github.addPull({ head: 'docs', title: 'Document CSV export', user: 'carol' });
    github.mergePull({ number: 2 });
    github.mergePull({ number: 1 });
    const { sha: docsMerge } = github.mergePull({ number: 4 });
    const warnings: string[] = [];
    const source = changelogGithubSource({
      env: { RELCTL_GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN },
      remoteUrl: 'git@github.com:acme/shop.git',
      warn: (text) => warnings.push(text),
    });
    expect(source).toMatchObject({ repository: 'acme/shop', serverUrl: 'https://github.com' });
    const info = await source?.fetchInfo({ commits: [A, B, C], pulls: [4] });
    expect(info).toEqual({
      commits: {
        [A]: { pull: { number: 2, url: 'https://github.com/acme/shop/pull/2' }, user: { login: 'alice', url: 'https://github.com/alice' } },
        [B]: { pull: null, user: { login: 'bob', url: 'https://github.com/bob' } },
        [C]: { pull: null, user: null },
      },
      pulls: { '4': { url: 'https://github.com/acme/shop/pull/4', user: { login: 'carol', url: 'https://github.com/carol' }, mergeCommit: docsMerge } },
    });
    // GitHub listed A's pull requests newest first: picking the first listed, the lowest number or the latest merge would be wrong.
    expect(github.requests.map((request) => request.path)).toEqual([
      `/repos/acme/shop/commits/${A}/pulls`,
      `/repos/acme/shop/commits/${B}/pulls`,
      `/repos/acme/shop/commits/${B}`,
      `/repos/acme/shop/commits/${C}/pulls`,
      `/repos/acme/shop/commits/${C}`,
      '/repos/acme/shop/pulls/4',
    ]);
    expect(github.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const request of github.requests) expect(request.headers.authorization).toBe(`token ${TOKEN}`);
    expect(warnings).toEqual([]);
    // The data renders as changelog-github's line.
    expect(renderGithubReleaseLine({ summary: 'Add CSV export', sha: A, repository: 'acme/shop', serverUrl: 'https://github.com', info: info as never })).toBe(
      `- [#2](https://github.com/acme/shop/pull/2) [\`${A.slice(0, 7)}\`](https://github.com/acme/shop/commit/${A}) Thanks [@alice](https://github.com/alice)! - Add CSV export`,
    );
  });

  it('is absent when the remote is not on GitHub, and asks nothing without a token', async () => {
    expect(changelogGithubSource({ env: {}, remoteUrl: 'https://gitlab.com/acme/shop.git', warn: () => {} })).toBeUndefined();
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    const warnings: string[] = [];
    const source = changelogGithubSource({ env: { RELCTL_GITHUB_API_URL: github.url }, remoteUrl: 'https://github.com/acme/shop.git', warn: (text) => warnings.push(text) });
    expect(await source?.fetchInfo({ commits: ['a'.repeat(40)], pulls: [] })).toEqual({ commits: {}, pulls: {} });
    expect(warnings[0]).toMatch(/no GitHub token/);
    expect(github.requests).toEqual([]);
  });
});
