import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeTempDir, startFakeGithub, type FakeGithub, type MergeMethod } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TOKEN, relctlAsync } from './pr-harness.js';
import { createStoryRepo, type StoryRepo, startFourOnTestAcApproved } from './story-repo.js';

const BRANCH = 'relctl-promote/1.1.0';
const TOKEN = 'ghp_relctl_merge_methods_4Kx2';

interface StatusJson {
  requests: Array<{ id: string; shipped: boolean; envs: Record<string, { state: string; sha?: string }> }>;
  environments: Array<{ name: string; tip: string | null; version: string | null }>;
}
interface EventJson {
  type: string;
  requestIds?: string[];
  env?: string;
  sha?: string;
  data?: Record<string, unknown>;
}

/**
 * Every story below starts where a release to production begins: A-D on test, A and C approved
 * for prod (system git, an origin). Built once for the file; each story works on its own copy.
 */
let onTest: StoryRepo;
beforeAll(async () => {
  onTest = await createStoryRepo({ backend: 'system', origin: true });
  startFourOnTestAcApproved(onTest);
}, 420_000);
afterAll(async () => {
  await onTest?.remove();
});

/** A GitHub merge method, or GitHub's merge queue (which writes its own merge commit). */
type Landing = MergeMethod | 'queue';

/**
 * A and C go to production through `promote --via-pr`; while the pull request is open, a README
 * change lands on main; then the pull request is merged the way GitHub writes it (the fake
 * GitHub's `mergePull`, real objects in origin): merge commit, squash, rebase, or a merge queue.
 * A CI checkout of main runs `relctl after-merge`: without a token relctl proves the landing on
 * the objects alone; with one, it also asks GitHub.
 */
function landingStory(landing: Landing, withToken: boolean) {
  describe(`${landing}${withToken ? ' (token, loopback GitHub)' : ' (no token, proof on objects)'}`, { timeout: 180_000 }, () => {
    let repo: StoryRepo;
    let github: FakeGithub;
    let landed: string;
    let release: string;
    // A merge commit (or the queue's) keeps the release commit: it is tagged; a squash or a rebase writes a new one.
    const tagged = () => (landing === 'merge' || landing === 'queue' ? release : landed);
    const env = () => ({
      ...NO_TOKEN,
      RELCTL_GIT_BACKEND: 'system',
      RELCTL_GITHUB_REPOSITORY: 'acme/shop',
      RELCTL_GITHUB_API_URL: github.url,
      ...(withToken ? { GITHUB_TOKEN: TOKEN } : {}),
    });
    const run = (args: string[]) => relctlAsync(repo.dir, args, env());

    beforeAll(async () => {
      repo = await onTest.copy();
      github = await startFakeGithub({
        owner: 'acme',
        repo: 'shop',
        gitDir: repo.origin ?? undefined,
        ...(withToken ? { token: TOKEN } : {}),
        ...(landing === 'queue' ? { mergeQueue: true } : {}),
      });
      const promoted = await run(['promote', 'A', 'C', '--to', 'prod', '--via-pr']);
      expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
      release = repo.sha(BRANCH);
      if (!withToken) github.addPull({ head: BRANCH, base: 'main', title: 'Release 1.1.0 to prod: A, C' });
      // Meanwhile another change lands on main: the release's tree is then main's plus it.
      repo.commitOnMain('Document the shop', { 'README.md': '# shop-web\n\nThe live web shop.\n' });
      landed = github.mergePull({ number: 1, method: landing === 'queue' ? 'merge' : landing, by: 'kim', queue: landing === 'queue' }).sha;
      // The CI job's checkout: main as merged (the promotion branch may be deleted on GitHub).
      repo.git(['fetch', '-q', 'origin']);
      repo.git(['merge', '--ff-only', '-q', 'origin/main']);
    }, 420_000);
    afterAll(async () => {
      await github?.close();
      await repo?.remove();
    });

    it('after-merge recognises the landing, tags the production commit that holds the release, rebuilds test, syncs B and D', async () => {
      github.requests.length = 0;
      const result = await run(['after-merge']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`Finished release v1.1.0 on prod: tagged ${tagged().slice(0, 7)} (A, C).`);
      if (landing === 'squash' || landing === 'rebase') {
        expect(result.stdout).toContain(
          `${BRANCH} landed on main as ${landed.slice(0, 7)} (squashed or rebased): its tree is the release's plus what landed on main meanwhile (release commit ${release.slice(0, 7)}).`,
        );
      }
      // With a token, GitHub is asked how the pull request ended only when the release commit is not in main.
      const asked = github.requests.map((request) => [request.method, request.path, request.query['state']]);
      expect(asked).toEqual(withToken && landing !== 'merge' && landing !== 'queue' ? [['GET', '/repos/acme/shop/pulls', 'all']] : []);
      expect(repo.sha('main')).toBe(landed);
      expect(repo.sha('v1.1.0^{commit}')).toBe(tagged());
      expect(repo.originGit(['rev-parse', 'v1.1.0^{commit}'])).toBe(tagged());
      expect(repo.show('v1.1.0', 'package.json')).toContain('"version": "1.1.0"');
      expect(repo.show('main', 'README.md')).toContain('The live web shop.');
      expect(
        repo
          .firstParents('env/test', 'main')
          .map((commit) => commit.request)
          .reverse(),
      ).toEqual(['B', 'D']);
      for (const id of ['B', 'D']) expect(repo.isAncestor('main', `req/${id}`), `main in req/${id}`).toBe(true);
      expect(repo.originRefs()).toBe(repo.sharedRefs());
    });

    it('status --json shows A and C in prod and shipped, B and D in test only', async () => {
      const result = await run(['status', '--json']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const status = JSON.parse(result.stdout) as StatusJson;
      const row = (id: string) => status.requests.find((candidate) => candidate.id === id);
      expect(['A', 'B', 'C', 'D'].map((id) => row(id)?.envs['prod']?.state)).toEqual(['in', 'absent', 'in', 'absent']);
      expect(['A', 'B', 'C', 'D'].map((id) => row(id)?.shipped)).toEqual([true, false, true, false]);
      expect(status.environments.find((candidate) => candidate.name === 'prod')).toMatchObject({ tip: landed, ...(tagged() === landed ? { version: '1.1.0' } : {}) });
    });

    it('the log records the release at the landing commit with the request heads that shipped in it', async () => {
      const events = JSON.parse((await run(['log', '--json', '--limit', '3'])).stdout) as EventJson[];
      expect(events.map((event) => [event.type, event.env, event.requestIds])).toEqual([
        ['promoted', 'test', ['B', 'D']],
        ['synced', 'prod', ['B', 'D']],
        ['released', 'prod', ['A', 'C']],
      ]);
      expect(events[2]).toMatchObject({
        sha: tagged(),
        data: { viaPr: true, version: '1.1.0', tag: 'v1.1.0', shipped: { commit: tagged(), heads: { A: repo.sha('req/A'), C: repo.sha('req/C') } } },
      });
    });

    it('a second after-merge finds the release tagged and changes nothing', async () => {
      const before = repo.fingerprint();
      const again = await run(['after-merge']);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('is tagged v1.1.0 already; nothing to finish.');
      expect(repo.fingerprint()).toBe(before);
    });
  });
}

// The pull request was squashed with a change of its own (`git merge --squash`, an edit, a commit,
// a push): main says the promotion landed, but no commit holds the release relctl prepared.
describe('a promotion squashed with other content: after-merge cannot prove it and says so', { timeout: 180_000 }, () => {
  let repo: StoryRepo;
  let scratch: string;
  let squash: string;
  const env = () => ({ ...NO_TOKEN, RELCTL_GIT_BACKEND: 'system' });

  beforeAll(async () => {
    repo = await onTest.copy();
    repo.ok(['promote', 'A', 'C', '--to', 'prod', '--via-pr'], env());
    scratch = join(makeTempDir('squash-by-hand'), 'work');
    git(join(scratch, '..'), ['clone', '-q', repo.git(['remote', 'get-url', 'origin']), scratch]);
    git(scratch, ['merge', '--squash', `origin/${BRANCH}`]);
    git(scratch, ['rm', '-q', 'src/mail.js']);
    git(scratch, ['commit', '-q', '-m', 'Release 1.1.0 to prod: A, C (#1)']);
    git(scratch, ['push', '-q', 'origin', 'main']);
    squash = git(scratch, ['rev-parse', 'HEAD']);
    repo.git(['fetch', '-q', 'origin']);
    repo.git(['merge', '--ff-only', '-q', 'origin/main']);
  }, 420_000);
  afterAll(async () => {
    if (scratch) rmSync(join(scratch, '..'), { recursive: true, force: true });
    await repo?.remove();
  });

  it('exits 2 with the reason and what to do, tags nothing and changes nothing (never "nothing to finish")', async () => {
    const before = repo.fingerprint();
    const originBefore = repo.originRefs();
    const result = await relctlAsync(repo.dir, ['after-merge'], env());
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).not.toContain('nothing to finish');
    expect(result.stderr).toContain(`${BRANCH} (release 1.1.0 of A, C) was merged into main as ${squash.slice(0, 7)}, but no commit of main holds its release`);
    expect(result.stderr).toContain('tag v1.1.0 on it by hand');
    expect(repo.git(['tag', '--list'])).toBe('');
    expect(repo.fingerprint()).toBe(before);
    expect(repo.originRefs()).toBe(originBefore);
  });
});

// The promotion pull request relctl opened is closed without merging: with a token, after-merge
// learns it from GitHub, records it and deletes the promotion branch here and on origin.
describe('a promotion pull request closed without merging is cleaned up and logged', { timeout: 180_000 }, () => {
  let repo: StoryRepo;
  let github: FakeGithub;
  let mainBefore: string;
  let release: string;
  const env = () => ({ ...NO_TOKEN, RELCTL_GIT_BACKEND: 'system', RELCTL_GITHUB_REPOSITORY: 'acme/shop', RELCTL_GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN });

  beforeAll(async () => {
    repo = await onTest.copy();
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', gitDir: repo.origin ?? undefined, token: TOKEN });
    const promoted = await relctlAsync(repo.dir, ['promote', 'A', 'C', '--to', 'prod', '--via-pr'], env());
    expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
    expect(promoted.stdout).toContain('Opened pull request #1');
    release = repo.sha(BRANCH);
    mainBefore = repo.sha('main');
    github.closePull(1);
  }, 420_000);
  afterAll(async () => {
    await github?.close();
    await repo?.remove();
  });

  it('--dry-run says what it would do and changes nothing', async () => {
    const before = repo.fingerprint();
    const result = await relctlAsync(repo.dir, ['after-merge', '--dry-run'], env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Pull request #1 of ${BRANCH} (release 1.1.0 of A, C) was closed without merging: would delete ${BRANCH} here and on origin and record it`);
    expect(repo.fingerprint()).toBe(before);
  });

  it('after-merge records promotion-closed, deletes the branch here and on origin, tags and moves nothing (exit 0)', async () => {
    const result = await relctlAsync(repo.dir, ['after-merge'], env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Pull request #1 of ${BRANCH} (release 1.1.0 of A, C) was closed without merging: deleted ${BRANCH} here and on origin and recorded it; nothing to finish.`,
    );
    expect(repo.git(['branch', '--list', BRANCH])).toBe('');
    expect(repo.originGit(['branch', '--list', BRANCH])).toBe('');
    expect(repo.sha('main')).toBe(mainBefore);
    expect(repo.git(['tag', '--list'])).toBe('');
    const events = JSON.parse(repo.ok(['log', '--json', '--limit', '1'], env()).stdout) as EventJson[];
    expect(events[0]).toMatchObject({ type: 'promotion-closed', env: 'prod', requestIds: ['A', 'C'], sha: release, data: { branch: BRANCH, version: '1.1.0', pullRequest: 1 } });
    expect(repo.originRefs()).toBe(repo.sharedRefs());
  });

  it('a second run has nothing to finish and asks GitHub nothing', async () => {
    github.requests.length = 0;
    const before = repo.fingerprint();
    const again = await relctlAsync(repo.dir, ['after-merge'], env());
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to finish');
    expect(repo.fingerprint()).toBe(before);
    expect(github.requests).toEqual([]);
  });
});

describe('after-merge of a promotion pull request, however it was merged', () => {
  for (const landing of ['merge', 'squash', 'rebase', 'queue'] as const) landingStory(landing, false);
  for (const landing of ['squash', 'rebase'] as const) landingStory(landing, true);
});
