import { StateError } from '@relctl/core';
import { startFakeGithub, type FakeGithub } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient } from './create-github-client.js';
import { githubChecks } from './github-checks.js';

const TOKEN = 'ghs_checks_marker_71a2';
const HEAD = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);

describe('githubChecks: check runs and commit statuses of a commit, from a loopback GitHub', () => {
  let github: FakeGithub | null = null;
  afterEach(async () => {
    await github?.close();
    github = null;
  });
  const client = (url: string) => createGithubClient({ apiUrl: url, token: { value: TOKEN, variable: 'GITHUB_TOKEN' } });

  it('maps runs (pending until completed; success, neutral, skipped pass) and statuses (latest per context), naming the app or creator', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    github.addCheckRun({ sha: HEAD, name: 'unit', conclusion: 'success', app: 'github-actions', detailsUrl: 'https://ci.example.com/unit' });
    github.addCheckRun({ sha: HEAD, name: 'e2e', conclusion: 'failure' });
    github.addCheckRun({ sha: HEAD, name: 'lint', status: 'in_progress' });
    github.addCheckRun({ sha: HEAD, name: 'docs', conclusion: 'skipped' });
    github.addCheckRun({ sha: OTHER, name: 'unit', conclusion: 'failure' });
    github.addStatus({ sha: HEAD, context: 'ci/jenkins', state: 'pending', creator: 'jenkins-bot' });
    github.addStatus({ sha: HEAD, context: 'ci/jenkins', state: 'success', creator: 'jenkins-bot', targetUrl: 'https://jenkins.example.com/7' });
    github.addStatus({ sha: HEAD, context: 'deploy/preview', state: 'error' });
    const checks = await githubChecks({ client: client(github.url), owner: 'acme', repo: 'shop', shas: [HEAD, HEAD] });
    const brief = checks.map(({ name, result, source, by, sha }) => ({ name, result, source, by, sha }));
    expect(brief).toEqual(
      expect.arrayContaining([
        { name: 'unit', result: 'pass', source: 'github-check', by: 'github-actions', sha: HEAD },
        { name: 'e2e', result: 'fail', source: 'github-check', by: expect.any(String), sha: HEAD },
        { name: 'lint', result: 'pending', source: 'github-check', by: expect.any(String), sha: HEAD },
        { name: 'docs', result: 'pass', source: 'github-check', by: expect.any(String), sha: HEAD },
        { name: 'ci/jenkins', result: 'pass', source: 'github-status', by: 'jenkins-bot', sha: HEAD },
        { name: 'deploy/preview', result: 'fail', source: 'github-status', by: expect.any(String), sha: HEAD },
      ]),
    );
    expect(brief).toHaveLength(6);
    expect(checks.find((check) => check.name === 'unit')?.url).toBe('https://ci.example.com/unit');
    expect(checks.find((check) => check.name === 'ci/jenkins')?.url).toBe('https://jenkins.example.com/7');
    // Asked once per commit, not once per mention.
    expect(github.requests.map((request) => request.path)).toEqual([`/repos/acme/shop/commits/${HEAD}/check-runs`, `/repos/acme/shop/commits/${HEAD}/statuses`]);
  });

  it('reads every page', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    for (let i = 0; i < 130; i += 1) github.addCheckRun({ sha: HEAD, name: `job-${i}`, conclusion: 'success' });
    for (let i = 0; i < 105; i += 1) github.addStatus({ sha: HEAD, context: `ctx-${i}`, state: 'success' });
    const checks = await githubChecks({ client: client(github.url), owner: 'acme', repo: 'shop', shas: [HEAD] });
    expect(checks.filter((check) => check.source === 'github-check')).toHaveLength(130);
    expect(checks.filter((check) => check.source === 'github-status')).toHaveLength(105);
    expect(github.requests.length).toBe(4);
  });

  it('a rate limit is one clear message: what it could not read, and when to try again', async () => {
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN });
    github.injectFault({ operationId: 'checks/list-for-ref', kind: 'secondary-rate-limit' });
    const error = await githubChecks({ client: client(github.url), owner: 'acme', repo: 'shop', shas: [HEAD] }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toMatch(
      /^GitHub's rate limit stopped relctl: could not read the check runs of commit aaaaaaa in acme\/shop \(403: .*\); run the command again in \d+ seconds\.$/,
    );
    expect((error as Error).message).not.toContain(TOKEN);
  });
});
