import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, NotFoundError } from '@relctl/core';
import { createTempRepo, git, GIT_TEST_ENV, makeTempDir, startFakeGithub, type FakeGithub, type TempRepo } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../events/engine-event.js';
import { openSession } from '../session/open-session.js';
import { commentPromotionNotes, RELEASE_NOTES_MARKER } from './comment-promotion-notes.js';
import { previewNotes } from './preview-notes.js';
import { promote } from './promote.js';

const TOKEN = 'ghs_notes_comment_marker_3kQ';
const BRANCH = 'relctl-promote/1.1.0';

// One repository with a bare origin that the loopback GitHub holds (its pull requests have real
// shas); A goes to production through a pull request, and the comment follows A's notes.
describe('commentPromotionNotes against a loopback GitHub', { timeout: 120_000 }, () => {
  let repo: TempRepo;
  let originRoot: string;
  let origin: string;
  let github: FakeGithub;
  const events: EngineEvent[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    ...GIT_TEST_ENV,
    PATH: process.env.PATH,
    HOME: originRoot,
    RELCTL_GIT_BACKEND: 'system',
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: github.url,
    ...extra,
  });
  const withSession = async <T>(body: (session: Awaited<ReturnType<typeof openSession>>) => Promise<T>, extra: Record<string, string> = {}): Promise<T> => {
    const session = await openSession({ cwd: repo.dir, env: env(extra), now: () => Date.UTC(2026, 0, 15, 10), onEvent: (event) => events.push(event) });
    try {
      return await body(session);
    } finally {
      session.close();
    }
  };
  const changeA = (note: string) => {
    repo.git(['checkout', '-q', 'req/A']);
    repo.commit(`A: ${note}`, { '.changeset/A.md': `---\n"shop": minor\n---\n\n${note}\n` });
    repo.git(['checkout', '-q', 'main']);
    repo.git(['push', '-q', 'origin', 'req/A']);
  };
  const promoteA = () => withSession((session) => promote({ session, requestIds: ['A'], to: 'prod', viaPr: true }));
  const comments = () => github.comments.filter((comment) => comment.issue === 1);
  const writes = () => github.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);

  beforeAll(async () => {
    repo = createTempRepo();
    originRoot = makeTempDir('notes-origin');
    origin = join(originRoot, 'origin.git');
    git(originRoot, ['init', '-q', '--bare', '--initial-branch=main', origin]);
    const config = {
      requestPrefix: 'req/',
      tagPrefix: 'v',
      remote: 'origin',
      environments: [
        { name: 'test', kind: 'integration', branch: 'env/test' },
        { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: [] },
      ],
    };
    const main = repo.commit('main', { 'relctl.config.json': `${JSON.stringify(config, null, 2)}\n`, 'package.json': '{ "name": "shop", "version": "1.0.0" }\n' });
    repo.git(['branch', 'env/test', main]);
    for (const id of ['A', 'B']) {
      repo.git(['checkout', '-q', '-b', `req/${id}`, main]);
      repo.commit(`request ${id}`, { [`${id}.txt`]: `${id}\n`, [`.changeset/${id}.md`]: `---\n"shop": minor\n---\n\n${id}: first note\n` });
      repo.git(['checkout', '-q', 'main']);
    }
    repo.git(['remote', 'add', 'origin', origin]);
    repo.git(['push', '-q', 'origin', 'main', 'env/test', 'req/A', 'req/B']);
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN, gitDir: origin });
    await promoteA();
    expect(github.pulls.map((pull) => [pull.number, pull.head, pull.base])).toEqual([[1, BRANCH, 'main']]);
  }, 120_000);
  afterAll(async () => {
    await github?.close();
    repo?.remove();
    if (originRoot) rmSync(originRoot, { recursive: true, force: true });
  });

  it('a dry run reads and writes nothing on GitHub', async () => {
    github.requests.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: 1, dryRun: true }));
    expect(result).toMatchObject({ action: 'created', comment: null, requestIds: ['A'], dryRun: true });
    expect(writes()).toEqual([]);
    expect(comments()).toEqual([]);
  });

  it('creates one comment: the marker, then the notes relctl notes A writes', async () => {
    events.length = 0;
    github.requests.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: 1 }));
    const expected = await withSession(async (session) => (await previewNotes({ session, requestIds: ['A'] })).notes.markdown);
    expect(expected).toContain('A: first note');
    expect(result.action).toBe('created');
    expect(result.body).toBe(`${RELEASE_NOTES_MARKER}\n${expected}`);
    expect(comments().map((comment) => comment.body)).toEqual([result.body]);
    expect(result.comment?.id).toBe(comments()[0]?.id);
    expect(writes()).toEqual(['POST /repos/acme/shop/issues/1/comments']);
    expect(events.filter((event) => event.type === 'promotion-notes-comment')).toEqual([
      { type: 'promotion-notes-comment', action: 'created', number: 1, url: result.comment?.url, reason: null, dryRun: false },
    ]);
  });

  it('unchanged notes: no edit', async () => {
    github.requests.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: { head: BRANCH, base: 'main' } }));
    expect(result.action).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(comments()).toHaveLength(1);
  });

  it('a request moved: warns that the branch holds its old head', async () => {
    changeA('A: second note');
    events.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: 1, dryRun: true }));
    expect(result.action).toBe('updated');
    expect(events.filter((event) => event.type === 'warning').map((event) => (event as { message: string }).message)).toEqual([
      expect.stringMatching(/^A moved since relctl-promote\/1\.1\.0 was prepared \(\w{7}, now \w{7}\); .*"relctl promote A --to prod --via-pr"/),
    ]);
  });

  it('after the promotion is pushed again, edits that same comment (still one)', async () => {
    await promoteA();
    const before = comments()[0];
    github.requests.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: 1 }));
    expect(result.action).toBe('updated');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.id).toBe(before?.id);
    expect(comments()[0]?.body).toContain('A: second note');
    expect(comments()[0]?.body).not.toContain('A: first note');
    expect(writes()).toEqual([`PATCH /repos/acme/shop/issues/comments/${before?.id}`]);
  });

  it('leaves a comment that only quotes the marker alone', async () => {
    github.addComment({ issue: 1, user: 'kim', body: `Why does it say ${RELEASE_NOTES_MARKER}?` });
    github.requests.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: 1 }));
    expect(result.action).toBe('unchanged');
    expect(writes()).toEqual([]);
  });

  it('skips a pull request relctl did not prepare, writing nothing', async () => {
    const pull = github.addPull({ head: 'req/B', base: 'main', title: 'B by hand' });
    github.requests.length = 0;
    const result = await withSession((session) => commentPromotionNotes({ session, pullRequest: pull.number }));
    expect(result).toMatchObject({ action: 'skipped', reason: 'req/B is not a promotion branch relctl prepared (no "promote --via-pr" into prod recorded for it)', comment: null });
    expect(writes()).toEqual([]);
  });

  it('refuses without a token (ConfigError naming GITHUB_TOKEN) and for a pull request that is not open (NotFoundError)', async () => {
    const noToken = await withSession((session) => commentPromotionNotes({ session, pullRequest: 1 }), { GITHUB_TOKEN: '' }).catch((error: unknown) => error);
    expect(noToken).toBeInstanceOf(ConfigError);
    expect((noToken as ConfigError).message).toMatch(/^No GitHub token: set GITHUB_TOKEN/);
    const missing = await withSession((session) => commentPromotionNotes({ session, pullRequest: { head: 'relctl-promote/9.9.9', base: 'main' } })).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(comments()).toHaveLength(2);
  });
});
