import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGithub, type FakeGithub } from '@relctl/testing';
import { NO_TOKEN, relctlAsync } from './pr-harness.js';
import { createStoryRepo, dryRunSteps, progressSteps, type StoryRepo, startFourOnTestAcApproved } from './story-repo.js';

const BRANCH = 'relctl-promote/1.1.0';

// No token on the embedded (isomorphic-git) backend: relctl prepares and pushes the promotion
// branch, prints the pull request body and how to open it, and calls no API. The pull request is
// then merged by fast-forward, and after-merge finishes the promotion.
describe('promote --via-pr without a token, then after-merge of a fast-forward', { timeout: 120_000 }, () => {
  let repo: StoryRepo;
  let github: FakeGithub;
  let notes: string;
  let mainBefore: string;
  const env = () => ({ ...NO_TOKEN, RELCTL_GIT_BACKEND: 'isomorphic', RELCTL_GITHUB_REPOSITORY: 'acme/shop', RELCTL_GITHUB_API_URL: github.url });

  beforeAll(async () => {
    repo = await createStoryRepo({ backend: 'isomorphic', origin: true });
    startFourOnTestAcApproved(repo);
    notes = repo.ok(['notes', 'A', 'C', '--to', 'prod'], NO_TOKEN).stdout;
    mainBefore = repo.sha('main');
    github = await startFakeGithub({ owner: 'acme', repo: 'shop' });
  }, 180_000);
  afterAll(async () => {
    await github?.close();
    await repo?.remove();
  });

  it('pushes the promotion branch, prints where it is, how to open the pull request and the body (exit 0); no API call', async () => {
    const result = await relctlAsync(repo.dir, ['promote', 'A', 'C', '--to', 'prod', '--via-pr'], env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Prepared ${BRANCH}: main + A, C + release 1.1.0 (pushed to origin)`);
    expect(result.stdout).toContain('No GitHub token (set RELCTL_GIT_TOKEN, GITHUB_TOKEN or GH_TOKEN to let relctl open it)');
    expect(result.stdout).toContain(`  base:  main\n  head:  ${BRANCH}\n  title: Release 1.1.0 to prod: A, C\n`);
    expect(result.stdout).toContain(`  link:  https://github.com/acme/shop/compare/main...${BRANCH}?expand=1\n`);
    expect(result.stdout.endsWith(`The pull request body (relctl notes A C --to prod):\n\n${notes}`)).toBe(true);
    expect(github.requests).toEqual([]);
    expect(repo.originGit(['rev-parse', `refs/heads/${BRANCH}`])).toBe(repo.sha(BRANCH));
    expect(repo.firstParents(BRANCH, mainBefore).map((commit) => commit.request)).toEqual(['', 'C', 'A']);
    expect(repo.sha('main')).toBe(mainBefore);
  });

  it('when main moved on, running it again rebuilds the branch on the new main and pushes it over the old one', async () => {
    const old = repo.sha(BRANCH);
    mainBefore = repo.commitOnMain('Document the shop', { 'README.md': '# shop-web\n\nThe live web shop.\n' });
    const result = await relctlAsync(repo.dir, ['promote', 'A', 'C', '--to', 'prod', '--via-pr'], env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain('already holds this promotion');
    expect(repo.sha(BRANCH)).not.toBe(old);
    expect(repo.originGit(['rev-parse', `refs/heads/${BRANCH}`])).toBe(repo.sha(BRANCH));
    const commits = repo.firstParents(BRANCH, mainBefore);
    expect(commits.map((commit) => commit.request)).toEqual(['', 'C', 'A']);
    expect(commits[2]?.parents[0]).toBe(mainBefore);
    expect(repo.show(BRANCH, 'README.md')).toContain('The live web shop.');
  });

  it('--json gives the branch, the version and the body in one document', async () => {
    const result = await relctlAsync(repo.dir, ['promote', 'A', 'C', '--to', 'prod', '--via-pr', '--dry-run', '--json'], env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { branch: string; version: string; pushed: boolean; pullRequest: unknown; body: string };
    expect(json).toMatchObject({ branch: BRANCH, version: '1.1.0', pushed: false, pullRequest: null, body: notes });
  });

  it('--via-pr into test is a usage error (exit 2) and changes nothing', async () => {
    const before = repo.fingerprint();
    const result = await relctlAsync(repo.dir, ['promote', 'B', '--to', 'test', '--via-pr'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--via-pr opens a pull request into the release branch; use it with --to prod');
    expect(repo.fingerprint()).toBe(before);
  });

  it('after a fast-forward merge, after-merge tags the release commit (the new main), rebuilds test, syncs B and D; a second run does nothing', async () => {
    const release = repo.sha(BRANCH);
    repo.originGit(['update-ref', 'refs/heads/main', release, mainBefore]);
    // A CI job's checkout has the merged main already; a dry run looks at the local branch.
    repo.git(['pull', '--ff-only', '-q', 'origin', 'main']);
    const untouched = repo.fingerprint();
    const dry = await relctlAsync(repo.dir, ['after-merge', '--dry-run'], env());
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    const planned = dryRunSteps(dry.stdout);
    expect(planned.slice(3, 6)).toEqual(['tag the release on refs/relctl/landed-release', 'sync req/B with main', 'sync req/D with main']);
    expect(planned.at(-1)).toBe('push to origin: req/B, req/D, env/test, refs/relctl/log');
    expect(repo.fingerprint()).toBe(untouched);

    const result = await relctlAsync(repo.dir, ['after-merge'], env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(progressSteps(result.stdout)).toEqual(planned);
    expect(result.stdout).toContain(`Finished release v1.1.0 on prod: tagged ${release.slice(0, 7)} (A, C).`);
    expect(repo.sha('main')).toBe(release);
    expect(repo.sha('v1.1.0^{commit}')).toBe(release);
    expect(repo.git(['cat-file', '-t', 'v1.1.0'])).toBe('tag');
    expect(
      repo
        .firstParents('env/test', 'main')
        .map((commit) => commit.request)
        .reverse(),
    ).toEqual(['B', 'D']);
    for (const id of ['B', 'D']) expect(repo.isAncestor('main', `req/${id}`), `main in req/${id}`).toBe(true);
    expect(repo.originRefs()).toBe(repo.sharedRefs());

    const before = repo.fingerprint();
    const again = await relctlAsync(repo.dir, ['after-merge', '--json'], env());
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ finished: false, release: { version: '1.1.0', tag: 'v1.1.0', commit: release, requestIds: ['A', 'C'] } });
    expect(repo.fingerprint()).toBe(before);
    expect(repo.originRefs()).toBe(repo.sharedRefs());
    expect(github.requests).toEqual([]);
  });
});
