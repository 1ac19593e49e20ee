import { UsageError } from '@relctl/core';
import { startFakeGithub, type FakeGithub } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient } from './create-github-client.js';
import { upsertMarkedComment } from './upsert-marked-comment.js';

const TOKEN = 'ghs_upsert_marker_2Jv';
const MARKER = '<!-- relctl-release-notes -->';

describe('upsertMarkedComment through @octokit/rest against a loopback GitHub', () => {
  let github: FakeGithub | null = null;
  afterEach(async () => {
    await github?.close();
    github = null;
  });
  const start = async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    github.addPull({ head: 'relctl-promote/1.1.0', title: 'Release 1.1.0' });
    const client = createGithubClient({ apiUrl: github.url, token: { value: TOKEN, variable: 'GITHUB_TOKEN' } });
    return { github, upsert: (body: string, dryRun = false) => upsertMarkedComment({ client, owner: 'acme', repo: 'shop', number: 1, marker: MARKER, body, dryRun }) };
  };

  it('creates once, edits the first marked comment (of several, past a page), and leaves the rest alone', async () => {
    const { github, upsert } = await start();
    // 120 comments by people first: the marked one is found on the second page.
    for (let index = 0; index < 120; index += 1) github.addComment({ issue: 1, user: 'kim', body: `comment ${index}` });
    const created = await upsert('one');
    expect(created.action).toBe('created');
    github.addComment({ issue: 1, user: 'lee', body: `${MARKER}\ncopied by hand` });
    const updated = await upsert('two');
    expect(updated).toMatchObject({ action: 'updated', comment: { id: created.comment?.id, body: `${MARKER}\ntwo` } });
    expect(github.comments.filter((comment) => comment.body.startsWith(MARKER)).map((comment) => comment.body)).toEqual([`${MARKER}\ntwo`, `${MARKER}\ncopied by hand`]);
    github.requests.length = 0;
    expect((await upsert('two')).action).toBe('unchanged');
    expect((await upsert('three', true)).action).toBe('updated');
    expect(github.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
  });

  it('refuses a marker that is not one hidden HTML comment, before asking GitHub', async () => {
    const { github } = await start();
    const client = createGithubClient({ apiUrl: github.url, token: { value: TOKEN, variable: 'GITHUB_TOKEN' } });
    const error = await upsertMarkedComment({ client, owner: 'acme', repo: 'shop', number: 1, marker: 'relctl notes', body: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(github.requests).toEqual([]);
  });
});
