import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGithub, type FakeGithub } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { NO_TOKEN, relctlAsync } from './pr-harness.js';
import { createStoryRepo, type StoryRepo } from './story-repo.js';

const TOKEN = 'ghp_relctl_reviews_4Kq2';
const GITHUB_URL = 'https://github.com/acme/shop.git';

// Issue 15, finding 3 (pull requests): where the team ships through `promote --via-pr`, an approval
// can be a GitHub review by an allowed user on the promotion pull request — GitHub authenticated
// the person. Against the loopback GitHub of @relctl/testing (it checks every call against GitHub's
// OpenAPI description); prod requires signed approvals, and the only allowed approver is github:kim.
describe('GitHub reviews on the promotion pull request are approvals', { timeout: 180_000 }, () => {
  let repo: StoryRepo;
  let github: FakeGithub;
  const run = (args: string[], extra: Record<string, string> = {}) =>
    relctlAsync(repo.dir, args, { RELCTL_GIT_BACKEND: 'system', ...NO_TOKEN, GITHUB_TOKEN: TOKEN, RELCTL_GITHUB_API_URL: github.url, GIT_ALLOW_PROTOCOL: 'http:file', ...extra });
  const rulesStatus = () => github.statuses.filter((status) => status.context === 'relctl/rules').at(-1);

  beforeAll(async () => {
    repo = await createStoryRepo({ backend: 'system', origin: true });
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    const prod = config.environments[1] as Record<string, unknown>;
    prod['requireSignatures'] = true;
    prod['rules'] = ['tested-in', { rule: 'approved', options: { by: ['github:kim'] } }, 'changeset'];
    repo.commitOnMain('Approvals through reviews', { 'relctl.config.yaml': stringify(config) });
    repo.ok(['request', 'new', 'A', '--title', 'CSV export', '--bump', 'minor']);
    repo.commitOn('req/A', 'CSV export', { 'src/csv.js': '// csv\n' });
    repo.ok(['promote', 'A', '--to', 'test']);
    const local = repo.git(['remote', 'get-url', 'origin']);
    repo.git(['remote', 'set-url', 'origin', GITHUB_URL]);
    repo.git(['config', `url.${local}.insteadOf`, GITHUB_URL]);
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN, gitDir: repo.origin ?? undefined });
  }, 180_000);
  afterAll(async () => {
    await github?.close();
    await repo?.remove();
  });

  it('without an approval the promotion pull request is prepared and waits: relctl/rules is pending, main does not move', async () => {
    const main = repo.sha('main');
    const result = await run(['promote', 'A', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/approved\s+fail/);
    expect(result.stdout).toMatch(/Waiting for approval on pull request #1: A has no approval for prod .* by github:kim/);
    expect(github.pulls.map((pull) => [pull.number, pull.head, pull.base])).toEqual([[1, 'relctl-promote/1.1.0', 'main']]);
    expect(rulesStatus()).toMatchObject({ state: 'pending', sha: github.pulls[0]?.headSha });
    expect(repo.sha('main')).toBe(main);
  });

  it('an approval recorded locally in kim’s name, or a review by someone not allowed, does not count', async () => {
    const local = await run(['approve', 'A', '--for', 'prod', '--by', 'github:kim']);
    expect(local.code, local.stderr).toBe(2);
    github.addReview({ pull: 1, user: 'mallory', state: 'APPROVED' });
    const result = await run(['promote', 'A', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('approvals by github:mallory do not count here');
    expect(rulesStatus()?.state).toBe('pending');
  });

  it('kim approves the pull request on GitHub: the rules pass and relctl/rules turns green', async () => {
    github.addReview({ pull: 1, user: 'kim', state: 'APPROVED' });
    const result = await run(['promote', 'A', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/approved\s+pass\s+approved for prod at [0-9a-f]{7} by github:kim\./);
    expect(result.stdout).not.toContain('Waiting for approval');
    expect(rulesStatus()).toMatchObject({ state: 'success', sha: github.pulls[0]?.headSha });
  });

  it('kim asks for changes afterwards: the approval is withdrawn, and the status goes back to pending', async () => {
    github.addReview({ pull: 1, user: 'kim', state: 'CHANGES_REQUESTED', body: 'Not yet' });
    const result = await run(['promote', 'A', '--to', 'prod', '--via-pr']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Waiting for approval on pull request #1');
    expect(rulesStatus()?.state).toBe('pending');
  });
});
