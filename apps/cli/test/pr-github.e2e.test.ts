import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeTempDir, startFakeGithub, type FakeGithub } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relctl, type CliResult } from './cli-harness.js';
import { NO_TOKEN, relctlAsync } from './pr-harness.js';
import { createStoryRepo, dryRunSteps, type StoryRepo, startFourOnTestAcApproved } from './story-repo.js';

const TOKEN = 'ghp_relctl_e2e_marker_7Qz9';
const GITHUB_URL = 'https://github.com/acme/shop.git';
const BRANCH = 'relctl-promote/1.1.0';

interface EventJson {
  type: string;
  requestIds?: string[];
  env?: string;
  sha?: string;
  data?: Record<string, unknown>;
}

// A and C go to production through a pull request on GitHub (a loopback server that checks every
// request and answer against GitHub's OpenAPI description; @octokit/rest talks to it for real; its
// repository is origin, so merging the pull request writes GitHub's merge commit there). origin's URL is a github.com URL that git rewrites to
// the local smart-HTTP server (url.<local>.insteadOf), so relctl finds acme/shop in the remote URL.
// Generous timeouts: each step runs the CLI a few times on a machine shared with other work.
describe('promote --via-pr and after-merge with a GitHub remote and a token', { timeout: 120_000 }, () => {
  let repo: StoryRepo;
  let github: FakeGithub;
  let directDir: string;
  let notes: string;
  let mainBefore: string;
  let preparedAt: string;
  const outputs: CliResult[] = [];
  const env = () => ({ ...NO_TOKEN, GITHUB_TOKEN: TOKEN, RELCTL_GITHUB_API_URL: github.url, GIT_ALLOW_PROTOCOL: 'http:file' });
  const run = async (args: string[], extra: Record<string, string> = {}) => {
    const result = await relctlAsync(repo.dir, args, { RELCTL_GIT_BACKEND: 'system', ...env(), ...extra });
    outputs.push(result);
    return result;
  };
  const direct = (args: string[]) => git(directDir, args);

  beforeAll(async () => {
    repo = await createStoryRepo({ backend: 'system', origin: true });
    startFourOnTestAcApproved(repo);
    const local = repo.git(['remote', 'get-url', 'origin']);
    repo.git(['remote', 'set-url', 'origin', GITHUB_URL]);
    repo.git(['config', `url.${local}.insteadOf`, GITHUB_URL]);
    mainBefore = repo.sha('main');
    // The same repository, promoted directly, as the oracle of what production must get.
    directDir = join(makeTempDir('pr-direct'), 'direct');
    cpSync(repo.dir, directDir, { recursive: true });
    direct(['remote', 'remove', 'origin']);
    const promoted = relctl(directDir, ['promote', 'A', 'C', '--to', 'prod'], { RELCTL_GIT_BACKEND: 'system', ...NO_TOKEN });
    expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
    notes = repo.ok(['notes', 'A', 'C', '--to', 'prod'], { RELCTL_GIT_BACKEND: 'system', ...NO_TOKEN }).stdout;
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN, gitDir: repo.origin ?? undefined });
  }, 180_000);
  afterAll(async () => {
    await github?.close();
    await repo?.remove();
    if (directDir) rmSync(join(directDir, '..'), { recursive: true, force: true });
  });

  it('--dry-run prints the promotion branch plan and changes nothing, here, on origin or on GitHub', async () => {
    const before = repo.fingerprint();
    const originBefore = repo.originRefs();
    const result = await run(['promote', 'A', 'C', '--to', 'prod', '--via-pr', '--dry-run']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(dryRunSteps(result.stdout)).toEqual([
      `reset ${BRANCH} to ${mainBefore.slice(0, 7)}`,
      `merge req/A (${repo.sha('req/A').slice(0, 7)}) into ${BRANCH}`,
      `merge req/C (${repo.sha('req/C').slice(0, 7)}) into ${BRANCH}`,
      `release A, C on ${BRANCH} (version, changelog, changesets)`,
      'record promoted A, C (prod)',
      `update refs in one transaction: ${BRANCH}, refs/relctl/log`,
      `push to origin: ${BRANCH}, refs/relctl/log`,
    ]);
    expect(result.stdout).toContain('Dry run: no pull request opened.');
    expect(repo.fingerprint()).toBe(before);
    expect(repo.originRefs()).toBe(originBefore);
    expect(github.requests).toEqual([]);
  });

  it('a token GitHub rejects: exit 2 naming GITHUB_TOKEN, the branch is pushed already, the token is not printed', async () => {
    const result = await run(['promote', 'A', 'C', '--to', 'prod', '--via-pr'], { GITHUB_TOKEN: `${TOKEN}-revoked` });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain(`Prepared ${BRANCH}: main + A, C + release 1.1.0 (pushed to origin)`);
    expect(result.stderr).toMatch(/GitHub rejected the token from GITHUB_TOKEN \(401: Bad credentials\)/);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(github.requests.map((request) => [request.method, request.headers.authorization])).toEqual([['GET', `token ${TOKEN}-revoked`]]);
    expect(github.pulls).toEqual([]);
    expect(repo.originGit(['rev-parse', `refs/heads/${BRANCH}`])).toBe(repo.sha(BRANCH));
    preparedAt = repo.sha(BRANCH);
    github.requests.length = 0;
  });

  it('opens the pull request: base main, head the promotion branch, body = relctl notes A C; the token only in the Authorization header', async () => {
    const result = await run(['promote', 'A', 'C', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Opened pull request #1: https://github.com/acme/shop/pull/1');
    // The branch prepared by the first run already holds this promotion: it is not rewritten.
    expect(result.stdout).toContain(`${BRANCH} already holds this promotion at ${preparedAt.slice(0, 7)}`);
    expect(repo.sha(BRANCH)).toBe(preparedAt);
    expect(result.stdout).toContain('run "relctl after-merge" on main');
    // Then the pull request's head gets relctl's verdict, the relctl/rules status (branch protection can require it).
    expect(github.requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', '/repos/acme/shop/pulls'],
      ['POST', '/repos/acme/shop/pulls'],
      ['POST', `/repos/acme/shop/statuses/${preparedAt}`],
    ]);
    expect(github.statuses.map((status) => [status.sha, status.context, status.state])).toEqual([[preparedAt, 'relctl/rules', 'success']]);
    expect(github.requests[0]?.query).toMatchObject({ head: `acme:${BRANCH}`, base: 'main', state: 'open' });
    expect(github.requests[1]?.body).toEqual({ base: 'main', head: BRANCH, title: 'Release 1.1.0 to prod: A, C', body: notes });
    expect(notes).toContain('CSV export of orders');
    expect(notes).toContain('1.1.0');
    for (const request of github.requests) expect(request.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it('the pushed branch is main + merge A + merge C + release commit, with the trees a direct promotion gives', () => {
    const tip = repo.sha(BRANCH);
    expect(repo.originGit(['rev-parse', `refs/heads/${BRANCH}`])).toBe(tip);
    const mine = repo.firstParents(BRANCH, mainBefore);
    const theirs = direct(['log', '--first-parent', '--format=%H', `${mainBefore}..main`]).split('\n');
    expect(mine.map((commit) => commit.request)).toEqual(['', 'C', 'A']);
    expect(mine.map((commit) => commit.parents.length)).toEqual([1, 2, 2]);
    expect(mine[2]?.parents).toEqual([mainBefore, repo.sha('req/A')]);
    expect(mine[1]?.parents).toEqual([mine[2]?.sha, repo.sha('req/C')]);
    expect(mine.map((commit) => repo.sha(`${commit.sha}^{tree}`))).toEqual(theirs.map((sha) => direct(['rev-parse', `${sha}^{tree}`])));
    expect(repo.git(['log', '-1', '--format=%B', tip])).toBe(direct(['log', '-1', '--format=%B', 'main']));
  });

  it('production, test, the other requests and the tags did not move, here or on origin; the log says promoted via PR', () => {
    expect(repo.sha('main')).toBe(mainBefore);
    expect(repo.originGit(['rev-parse', 'main'])).toBe(mainBefore);
    expect(repo.git(['tag', '--list'])).toBe('');
    expect(repo.originGit(['tag', '--list'])).toBe('');
    expect(
      repo
        .firstParents('env/test', 'main')
        .map((commit) => commit.request)
        .reverse(),
    ).toEqual(['A', 'B', 'C', 'D']);
    expect(repo.originRefs()).toBe(repo.sharedRefs());
    const events = JSON.parse(repo.ok(['log', '--json', '--limit', '1'], { RELCTL_GIT_BACKEND: 'system', ...NO_TOKEN }).stdout) as EventJson[];
    expect(events[0]).toMatchObject({ type: 'promoted', env: 'prod', requestIds: ['A', 'C'], sha: repo.sha(BRANCH), data: { viaPr: true, branch: BRANCH, version: '1.1.0' } });
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(TOKEN);
  });

  it('run again after someone edited the description: the open pull request is found and its body set back to the notes (PATCH)', async () => {
    github.requests.length = 0;
    const pull = github.pulls[0];
    if (pull) pull.body = 'edited by hand';
    const result = await run(['promote', 'A', 'C', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Updated the notes of pull request #1');
    expect(github.requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', '/repos/acme/shop/pulls'],
      ['PATCH', '/repos/acme/shop/pulls/1'],
      ['POST', `/repos/acme/shop/statuses/${preparedAt}`],
    ]);
    expect(github.requests[1]?.body).toEqual({ title: 'Release 1.1.0 to prod: A, C', body: notes });
    expect(github.pulls).toHaveLength(1);
    expect(repo.sha(BRANCH)).toBe(preparedAt);
    expect(repo.originGit(['rev-parse', `refs/heads/${BRANCH}`])).toBe(preparedAt);
    expect(repo.sha(`${BRANCH}^{tree}`)).toBe(direct(['rev-parse', 'main^{tree}']));
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('after the pull request is merged with a merge commit, after-merge tags the release, rebuilds test with B and D, syncs B and D, pushes', async () => {
    const release = repo.sha(BRANCH);
    const { sha: merge } = github.mergePull({ number: 1, method: 'merge', by: 'kim' });
    expect(repo.originGit(['log', '-1', '--format=%P%n%s', 'main'])).toBe(`${mainBefore} ${release}\nMerge pull request #1 from acme/${BRANCH}`);
    expect(github.pulls[0]).toMatchObject({ state: 'closed', merged: true, mergeCommitSha: merge });
    github.requests.length = 0;

    const result = await run(['after-merge']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Finished release v1.1.0 on prod: tagged ${release.slice(0, 7)} (A, C).`);
    expect(repo.sha('main')).toBe(merge);
    expect(repo.git(['cat-file', '-t', 'v1.1.0'])).toBe('tag');
    expect(repo.sha('v1.1.0^{commit}')).toBe(release);
    expect(repo.originGit(['rev-parse', 'v1.1.0'])).toBe(repo.sha('v1.1.0'));
    // The tag carries the notes a direct promotion writes.
    expect(repo.git(['tag', '--list', '--format=%(contents)', 'v1.1.0'])).toBe(direct(['tag', '--list', '--format=%(contents)', 'v1.1.0']));

    const test = repo.firstParents('env/test', 'main').reverse();
    expect(test.map((commit) => commit.request)).toEqual(['B', 'D']);
    expect(test[0]?.parents).toEqual([merge, repo.sha('req/B')]);
    expect(test[1]?.parents).toEqual([test[0]?.sha, repo.sha('req/D')]);
    expect(repo.sha('env/test^{tree}')).toBe(direct(['rev-parse', 'env/test^{tree}']));
    for (const id of ['B', 'D']) {
      expect(repo.isAncestor('main', `req/${id}`), `main in req/${id}`).toBe(true);
      expect(repo.sha(`req/${id}^{tree}`)).toBe(direct(['rev-parse', `req/${id}^{tree}`]));
    }
    expect(repo.originRefs()).toBe(repo.sharedRefs());
    expect(github.requests).toEqual([]);

    const events = JSON.parse(repo.ok(['log', '--json', '--limit', '3'], { RELCTL_GIT_BACKEND: 'system', ...NO_TOKEN }).stdout) as EventJson[];
    expect(events.map((event) => [event.type, event.env, event.requestIds])).toEqual([
      ['promoted', 'test', ['B', 'D']],
      ['synced', 'prod', ['B', 'D']],
      ['released', 'prod', ['A', 'C']],
    ]);
    expect(events[2]).toMatchObject({ sha: release, data: { viaPr: true, version: '1.1.0', tag: 'v1.1.0' } });
  });

  it('a second after-merge finds the release tagged and changes nothing', async () => {
    const before = repo.fingerprint();
    const originBefore = repo.originRefs();
    const result = await run(['after-merge']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('is tagged v1.1.0 already; nothing to finish.');
    expect(repo.fingerprint()).toBe(before);
    expect(repo.originRefs()).toBe(originBefore);
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(TOKEN);
  });

  it('the pull request body of a request whose records carried across a sync lists them, as relctl notes does', async () => {
    repo.ok(['approve', 'B', '--for', 'prod', '--by', 'Kim'], { RELCTL_GIT_BACKEND: 'system', ...env() });
    repo.commitOnMain('Hotfix by hand: sender address', { 'src/mail.js': "export const sender = 'shop@example.org';\n" });
    expect((await run(['sync', 'B'])).code).toBe(0);
    const expected = (await run(['notes', 'B', '--to', 'prod'])).stdout;
    expect(expected).toContain('### Carried across a sync');
    github.requests.length = 0;
    const result = await run(['promote', 'B', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const opened = github.requests.find((request) => request.method === 'POST' && request.path === '/repos/acme/shop/pulls');
    expect((opened?.body as { body?: string } | undefined)?.body).toBe(expected);
  });
});
