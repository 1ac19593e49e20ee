import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../git.js';
import { makeTempDir } from '../temp-repo.js';
import { startFakeGithub, type FakeGithub, type StartFakeGithubOptions } from './start-fake-github.js';

const TOKEN = 'ghs_fake_github_test';
let github: FakeGithub | null = null;
afterEach(async () => {
  const running = github;
  github = null;
  await running?.close();
});
const start = async (options: Partial<StartFakeGithubOptions> = {}) => {
  github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN, ...options });
  return github;
};
const client = (fake: FakeGithub, token = TOKEN) => new Octokit({ auth: token, baseUrl: fake.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
/** Octokit's request without its types: these tests send what its types would refuse, on purpose. */
const untyped = (fake: FakeGithub) => client(fake).request as unknown as (route: string, parameters: Record<string, unknown>) => Promise<unknown>;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: { status: number; response: { data: Record<string, unknown>; headers: Record<string, string> } }) => error,
  );

/** A bare origin with main and a feature branch (two commits), made with the system git. */
function origin(): { dir: string; main: string; feature: string } {
  const root = makeTempDir('fake-github');
  const work = join(root, 'work');
  mkdirSync(work);
  git(work, ['init', '-q', '-b', 'main']);
  writeFileSync(join(work, 'a.txt'), 'a\n');
  git(work, ['add', '.']);
  git(work, ['commit', '-q', '-m', 'Initial']);
  git(work, ['switch', '-q', '-c', 'feature']);
  writeFileSync(join(work, 'b.txt'), 'b\n');
  git(work, ['add', '.']);
  git(work, ['commit', '-q', '-m', 'Add b']);
  writeFileSync(join(work, 'c.txt'), 'c\n');
  git(work, ['add', '.']);
  git(work, ['commit', '-q', '-m', 'Add c']);
  const dir = join(root, 'origin.git');
  git(root, ['clone', '-q', '--bare', work, dir]);
  return { dir, main: git(dir, ['rev-parse', 'main']), feature: git(dir, ['rev-parse', 'feature']) };
}

describe("the fake checks requests against GitHub's description", () => {
  it('a misspelled query parameter: 422, recorded as a violation naming it, and close() fails until the test takes it', async () => {
    const fake = await start();
    const answered = await failure(untyped(fake)('GET /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'shop', per_pgae: 5 }));
    expect(answered.status).toBe(422);
    expect(String(answered.response.data.message)).toContain('unknown parameter "per_pgae"');
    expect(fake.violations).toEqual([
      expect.objectContaining({ kind: 'request', operationId: 'pulls/list', problems: [expect.stringContaining('query: unknown parameter "per_pgae"')] }),
    ]);
    await expect(fake.close()).rejects.toThrow(/1 violation\(s\) of GitHub's API description:\n- request GET \/repos\/acme\/shop\/pulls\?per_pgae=5 \(pulls\/list\)/);
    github = null;
  });

  it('a misspelled body field, a missing required one, a wrong type, a bad enum value and an unknown path are all caught', async () => {
    const fake = await start();
    const octokit = { request: untyped(fake) };
    await failure(octokit.request('POST /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'shop', head: 'x', base: 'main', titel: 'typo' }));
    await failure(octokit.request('POST /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'shop', head: 'x', title: 'no base' }));
    await failure(octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'acme', repo: 'shop', pull_number: 1, title: 5 }));
    await failure(octokit.request('GET /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'shop', state: 'merged' }));
    await failure(octokit.request('GET /repos/{owner}/{repo}/pullz', { owner: 'acme', repo: 'shop' }));
    expect(fake.takeViolations().map((violation) => [violation.operationId, violation.problems])).toEqual([
      ['pulls/create', ['body: unknown field "titel" (pulls/create takes: title, head, head_repo, base, body, maintainer_can_modify, draft, issue)']],
      ['pulls/create', ['body (root): missing required property "base"']],
      ['pulls/update', ['body /title: must be string']],
      ['pulls/list', ['query parameter "state"="merged": must be equal to one of the allowed values ("open", "closed", "all")']],
      [null, ['GitHub has no operation GET /repos/acme/shop/pullz']],
    ]);
  });

  it('an answer missing a required field is caught: the client gets a 500 and the violation names the field', async () => {
    const fake = await start();
    fake.addPull({ head: 'feature', title: 'Feature' });
    fake.rewriteResponse({
      operationId: 'pulls/get',
      rewrite: (body) => {
        delete (body as Record<string, unknown>).html_url;
        return body;
      },
    });
    const answered = await failure(client(fake).rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 }));
    expect(answered.status).toBe(500);
    expect(fake.takeViolations()).toEqual([
      expect.objectContaining({ kind: 'response', operationId: 'pulls/get', problems: ['200 answer (root): missing required property "html_url"'] }),
    ]);
    // Unchanged, the same answer conforms.
    const { data } = await client(fake).rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 });
    expect(data.html_url).toBe('https://github.com/acme/shop/pull/1');
  });

  it('an operation GitHub has but the fake does not model is a violation too', async () => {
    const fake = await start();
    await failure(client(fake).rest.repos.listBranches({ owner: 'acme', repo: 'shop' }));
    expect(fake.takeViolations()).toEqual([expect.objectContaining({ kind: 'unmodelled', operationId: 'repos/list-branches' })]);
  });
});

describe('GitHub behaviours', () => {
  it("pagination: per_page, page and a Link header in api.github.com's order; octokit.paginate follows it", async () => {
    const fake = await start();
    for (let index = 1; index <= 5; index += 1) fake.addPull({ head: `topic-${index}`, title: `Topic ${index}` });
    const octokit = client(fake);
    const first = await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop', per_page: 2 });
    expect(first.data.map((pull) => pull.number)).toEqual([5, 4]);
    expect(first.headers.link).toBe(`<${fake.url}/repos/acme/shop/pulls?per_page=2&page=2>; rel="next", <${fake.url}/repos/acme/shop/pulls?per_page=2&page=3>; rel="last"`);
    const middle = await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop', per_page: 2, page: 2 });
    expect(middle.headers.link).toBe(
      [
        `<${fake.url}/repos/acme/shop/pulls?per_page=2&page=1>; rel="prev"`,
        `<${fake.url}/repos/acme/shop/pulls?per_page=2&page=3>; rel="next"`,
        `<${fake.url}/repos/acme/shop/pulls?per_page=2&page=3>; rel="last"`,
        `<${fake.url}/repos/acme/shop/pulls?per_page=2&page=1>; rel="first"`,
      ].join(', '),
    );
    const all = await octokit.paginate(octokit.rest.pulls.list, { owner: 'acme', repo: 'shop', per_page: 2 });
    expect(all.map((pull) => pull.number)).toEqual([5, 4, 3, 2, 1]);
    const one = await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop' });
    expect(one.headers.link).toBeUndefined();
  });

  it('pulls/list filters head only as owner:branch (a bare branch name is ignored, as on GitHub)', async () => {
    const fake = await start();
    fake.addPull({ head: 'a', title: 'A' });
    fake.addPull({ head: 'b', title: 'B' });
    const octokit = client(fake);
    expect((await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop', head: 'acme:b' })).data.map((pull) => pull.head.ref)).toEqual(['b']);
    expect((await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop', head: 'b' })).data.map((pull) => pull.head.ref)).toEqual(['b', 'a']);
  });

  it('secondary rate limits (403 and 429 with retry-after), a primary one (x-ratelimit-remaining: 0), a 502', async () => {
    const fake = await start();
    const octokit = client(fake);
    fake.injectFault({ kind: 'secondary-rate-limit', operationId: 'pulls/list', retryAfter: 30 });
    fake.injectFault({ kind: 'secondary-rate-limit', status: 429 });
    fake.injectFault({ kind: 'primary-rate-limit' });
    fake.injectFault({ kind: 'server-error' });
    const list = () => failure(octokit.rest.pulls.list({ owner: 'acme', repo: 'shop' }));
    const secondary = await list();
    expect([secondary.status, secondary.response.headers['retry-after']]).toEqual([403, '30']);
    expect(secondary.response.data.message).toMatch(/^You have exceeded a secondary rate limit/);
    expect([(await list()).status, (await list()).response.headers['x-ratelimit-remaining'], (await list()).status]).toEqual([429, '0', 502]);
    expect((await octokit.rest.pulls.list({ owner: 'acme', repo: 'shop' })).status).toBe(200);
  });

  it("422 with GitHub's error body for a second pull request of the same head, a missing branch, no commits", async () => {
    const repository = origin();
    const fake = await start({ gitDir: repository.dir });
    const octokit = client(fake);
    await octokit.rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'feature', base: 'main', title: 'Feature' });
    const again = await failure(octokit.rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'feature', base: 'main', title: 'Feature' }));
    expect(again.status).toBe(422);
    expect(again.response.data).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:feature.' }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    });
    expect((await failure(octokit.rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'nope', base: 'main', title: 'x' }))).response.data.errors).toEqual([
      { resource: 'PullRequest', field: 'head', code: 'invalid' },
    ]);
    git(repository.dir, ['branch', 'same', 'main']);
    expect((await failure(octokit.rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'same', base: 'main', title: 'x' }))).response.data.errors).toEqual([
      { resource: 'PullRequest', code: 'custom', message: 'No commits between main and same' },
    ]);
  });

  it('tokens: 401 for a bad one, 404 without one (private) or without access to the repository, 403 with too little permission', async () => {
    const fake = await start({
      token: undefined,
      tokens: {
        good: {},
        readonly: { permissions: { pull_requests: 'read' } },
        pat: { kind: 'fine-grained', permissions: { contents: 'read' } },
        elsewhere: { repositoryAccess: false },
      },
    });
    const create = (token: string) => failure(client(fake, token).rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'x', base: 'main', title: 'x' }));
    expect([(await create('wrong')).status, (await create('wrong')).response.data.message]).toEqual([401, 'Bad credentials']);
    expect((await failure(new Octokit({ baseUrl: fake.url }).rest.pulls.list({ owner: 'acme', repo: 'shop' }))).status).toBe(404);
    expect((await create('elsewhere')).status).toBe(404);
    const denied = await create('readonly');
    expect([denied.status, denied.response.data.message, denied.response.headers['x-accepted-github-permissions']]).toEqual([
      403,
      'Resource not accessible by integration',
      'pull_requests=write',
    ]);
    expect((await client(fake, 'readonly').rest.pulls.list({ owner: 'acme', repo: 'shop' })).status).toBe(200);
    expect((await create('pat')).response.data.message).toBe('Resource not accessible by personal access token');
    expect((await failure(client(fake, 'good').rest.pulls.list({ owner: 'other', repo: 'shop' }))).status).toBe(404);
  });

  it('merge methods write real git objects: a merge commit, a squash commit, rebased commits; merge_commit_sha says which', async () => {
    for (const method of ['merge', 'squash', 'rebase'] as const) {
      const repository = origin();
      const fake = await startFakeGithub({ owner: 'acme', repo: 'shop', gitDir: repository.dir });
      try {
        const octokit = client(fake);
        const { data: created } = await octokit.rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'feature', base: 'main', title: 'Feature' });
        expect([created.head.sha, created.base.sha, created.commits, created.changed_files, created.mergeable]).toEqual([repository.feature, repository.main, 2, 2, true]);
        const { data: merged } = await octokit.rest.pulls.merge({ owner: 'acme', repo: 'shop', pull_number: created.number, merge_method: method, sha: repository.feature });
        const main = git(repository.dir, ['rev-parse', 'main']);
        expect(merged).toEqual({ sha: main, merged: true, message: 'Pull Request successfully merged' });
        expect(git(repository.dir, ['rev-parse', 'main^{tree}'])).toBe(git(repository.dir, ['rev-parse', 'feature^{tree}']));
        expect(git(repository.dir, ['log', '-1', '--format=%cn <%ce>', 'main'])).toBe('GitHub <noreply@github.com>');
        const parents = git(repository.dir, ['log', '-1', '--format=%P', 'main']).split(' ');
        const subjects = git(repository.dir, ['log', '--format=%s', `${repository.main}..main`]).split('\n');
        if (method === 'merge') {
          expect(parents).toEqual([repository.main, repository.feature]);
          expect(git(repository.dir, ['log', '-1', '--format=%B', 'main'])).toBe('Merge pull request #1 from acme/feature\n\nFeature');
        } else if (method === 'squash') {
          expect(parents).toEqual([repository.main]);
          expect(git(repository.dir, ['log', '-1', '--format=%B', 'main'])).toBe('Feature (#1)\n\n* Add c\n* Add b');
        } else {
          expect(subjects).toEqual(['Add c', 'Add b']);
          expect(git(repository.dir, ['rev-parse', 'main~2'])).toBe(repository.main);
          expect(main).not.toBe(repository.feature);
        }
        const { data: after } = await octokit.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 });
        expect([after.state, after.merged, after.merge_commit_sha, after.merged_by?.login, after.head.sha]).toEqual([
          'closed',
          true,
          main,
          'github-actions[bot]',
          repository.feature,
        ]);
        expect(fake.pulls[0]?.mergeMethod).toBe(method);
        const { data: again } = await failure(octokit.rest.pulls.merge({ owner: 'acme', repo: 'shop', pull_number: 1 })).then((error) => error.response);
        expect(again.message).toBe('Pull Request is not mergeable');
      } finally {
        await fake.close();
      }
    }
  });

  it('merge refusals: a method the repository does not allow, a moved head (409), a conflict, a required merge queue', async () => {
    const repository = origin();
    const fake = await start({ gitDir: repository.dir, mergeMethods: ['squash'] });
    const octokit = client(fake);
    fake.addPull({ head: 'feature', title: 'Feature' });
    const merge = (options: Record<string, unknown>) => failure(octokit.rest.pulls.merge({ owner: 'acme', repo: 'shop', pull_number: 1, ...options }));
    expect([(await merge({})).status, (await merge({})).response.data.message]).toEqual([405, 'Merge commits are not allowed on this repository.']);
    expect([(await merge({ merge_method: 'squash', sha: repository.main })).status]).toEqual([409]);
    const work = join(makeTempDir('fake-github-conflict'), 'w');
    git(repository.dir, ['worktree', 'add', '-q', work, 'main']);
    writeFileSync(join(work, 'b.txt'), 'other b\n');
    git(work, ['add', '.']);
    git(work, ['commit', '-q', '-m', 'Conflicting b']);
    expect((await merge({ merge_method: 'squash' })).response.data.message).toBe('Pull Request is not mergeable');
    expect((await octokit.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 })).data).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });

    const queued = origin();
    const queue = await startFakeGithub({ owner: 'acme', repo: 'shop', gitDir: queued.dir, mergeQueue: true });
    try {
      queue.addPull({ head: 'feature', title: 'Feature' });
      const refused = await failure(client(queue).rest.pulls.merge({ owner: 'acme', repo: 'shop', pull_number: 1 }));
      expect([refused.status, refused.response.data.message]).toEqual([405, 'Changes must be made through the merge queue']);
      const { sha } = queue.mergePull({ number: 1, queue: true });
      expect(git(queued.dir, ['rev-parse', 'main'])).toBe(sha);
      expect(git(queued.dir, ['log', '-1', '--format=%P', 'main']).split(' ')).toEqual([queued.main, queued.feature]);
      expect(git(queued.dir, ['for-each-ref', '--format=%(refname)', 'refs/heads/gh-readonly-queue'])).toBe('');
    } finally {
      await queue.close();
    }
  });

  it("reviews: states and the commit each is about; a pending review only its author sees; no approving one's own pull request", async () => {
    const fake = await start({ token: undefined, tokens: { kim: { login: 'kim', kind: 'fine-grained' }, lee: { login: 'lee', kind: 'fine-grained' } } });
    const pull = fake.addPull({ head: 'feature', title: 'Feature', user: 'kim' });
    fake.addReview({ pull: 1, user: 'lee', state: 'CHANGES_REQUESTED', body: 'Please fix' });
    fake.addReview({ pull: 1, user: 'lee', state: 'PENDING' });
    const { data: approved } = await client(fake, 'lee').rest.pulls.createReview({ owner: 'acme', repo: 'shop', pull_number: 1, event: 'APPROVE' });
    expect([approved.state, approved.commit_id, approved.user?.login]).toEqual(['APPROVED', pull.headSha, 'lee']);
    const seen = async (token: string) => (await client(fake, token).rest.pulls.listReviews({ owner: 'acme', repo: 'shop', pull_number: 1 })).data.map((review) => review.state);
    expect(await seen('kim')).toEqual(['CHANGES_REQUESTED', 'APPROVED']);
    expect(await seen('lee')).toEqual(['CHANGES_REQUESTED', 'PENDING', 'APPROVED']);
    const own = await failure(client(fake, 'kim').rest.pulls.createReview({ owner: 'acme', repo: 'shop', pull_number: 1, event: 'APPROVE' }));
    expect(own.response.data).toMatchObject({ message: 'Unprocessable Entity', errors: ['Can not approve your own pull request'] });
  });

  it('issue comments: create, list (paginated), update one in place', async () => {
    const fake = await start();
    fake.addPull({ head: 'feature', title: 'Feature' });
    fake.addComment({ issue: 1, user: 'kim', body: 'Looks good' });
    const octokit = client(fake);
    const { data: created, headers } = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 1, body: 'Release notes v1' });
    expect(headers.location).toBe(`${fake.url}/repos/acme/shop/issues/comments/${created.id}`);
    await octokit.rest.issues.updateComment({ owner: 'acme', repo: 'shop', comment_id: created.id, body: 'Release notes v2' });
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'acme', repo: 'shop', issue_number: 1, per_page: 1 });
    expect(all.map((comment) => [comment.user?.login, comment.body])).toEqual([
      ['kim', 'Looks good'],
      ['github-actions[bot]', 'Release notes v2'],
    ]);
    expect(fake.comments).toHaveLength(2);
    expect((await failure(octokit.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: 9 }))).status).toBe(404);
  });

  it('check runs (latest per name by default) and commit statuses (combined state) for a ref; only an app may create check runs', async () => {
    const repository = origin();
    const fake = await start({ token: undefined, tokens: { app: {}, pat: { kind: 'fine-grained' } }, gitDir: repository.dir });
    fake.addCheckRun({ sha: repository.feature, name: 'test', conclusion: 'failure' });
    fake.addCheckRun({ sha: repository.feature, name: 'test', conclusion: 'success' });
    fake.addCheckRun({ sha: repository.feature, name: 'lint', status: 'in_progress' });
    fake.addStatus({ sha: repository.feature, context: 'ci/jenkins', state: 'pending' });
    fake.addStatus({ sha: repository.feature, context: 'ci/jenkins', state: 'success' });
    fake.addStatus({ sha: repository.feature, context: 'deploy', state: 'failure' });
    const octokit = client(fake, 'app');
    const { data: latest } = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'shop', ref: 'feature' });
    expect([latest.total_count, latest.check_runs.map((run) => [run.name, run.status, run.conclusion, run.app?.slug])]).toEqual([
      2,
      [
        ['lint', 'in_progress', null, 'github-actions'],
        ['test', 'completed', 'success', 'github-actions'],
      ],
    ]);
    const { data: every } = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'shop', ref: repository.feature, filter: 'all', check_name: 'test' });
    expect(every.check_runs.map((run) => run.conclusion)).toEqual(['success', 'failure']);
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef({ owner: 'acme', repo: 'shop', ref: 'heads/feature' });
    expect([combined.state, combined.sha, combined.total_count, combined.statuses.map((status) => [status.context, status.state])]).toEqual([
      'failure',
      repository.feature,
      2,
      [
        ['deploy', 'failure'],
        ['ci/jenkins', 'success'],
      ],
    ]);
    const { data: statuses } = await octokit.rest.repos.listCommitStatusesForRef({ owner: 'acme', repo: 'shop', ref: repository.feature });
    expect(statuses.map((status) => status.state)).toEqual(['failure', 'success', 'pending']);
    await octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'shop', sha: repository.main, state: 'success', context: 'ci' });
    await octokit.rest.checks.create({ owner: 'acme', repo: 'shop', name: 'build', head_sha: repository.main, conclusion: 'success' });
    const denied = await failure(client(fake, 'pat').rest.checks.create({ owner: 'acme', repo: 'shop', name: 'build', head_sha: repository.main, conclusion: 'success' }));
    expect([denied.status, denied.response.data.message]).toEqual([403, 'You must authenticate via a GitHub App.']);
    expect((await failure(octokit.rest.checks.listForRef({ owner: 'acme', repo: 'shop', ref: 'nope' }))).status).toBe(422);
  });

  it('repos/get-commit: the real commit (message, identities, tree, parents, files against the first parent), accounts by verified address', async () => {
    const repository = origin();
    const work = join(makeTempDir('fake-github-commit'), 'w');
    git(repository.dir, ['worktree', 'add', '-q', work, 'feature']);
    writeFileSync(join(work, 'a.txt'), 'a\nmore\n');
    git(work, ['mv', 'b.txt', 'moved b.txt']);
    rmSync(join(work, 'c.txt'));
    writeFileSync(join(work, 'e.bin'), Buffer.from([0, 1, 2, 0, 255]));
    writeFileSync(join(work, 'run.sh'), 'echo hi\n');
    git(work, ['add', '-A']);
    git(work, ['commit', '-q', '-m', 'Rework files\n\nBody line.'], {
      env: { GIT_AUTHOR_NAME: 'Bob', GIT_AUTHOR_EMAIL: 'Bob@Example.com', GIT_AUTHOR_DATE: '2026-01-02T03:04:05+09:00' },
    });
    chmodSync(join(work, 'run.sh'), 0o755);
    git(work, ['commit', '-q', '-am', 'Make run.sh executable'], { env: { GIT_COMMITTER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com' } });
    const [reworked, executable] = [git(work, ['rev-parse', 'HEAD~1']), git(work, ['rev-parse', 'HEAD'])];
    const fake = await start({ gitDir: repository.dir, emails: { 'bob@example.com': 'bob' } });
    const octokit = client(fake);

    const { data } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: reworked });
    expect(data).toMatchObject({
      sha: reworked,
      url: `${fake.url}/repos/acme/shop/commits/${reworked}`,
      html_url: `https://github.com/acme/shop/commit/${reworked}`,
      commit: {
        message: 'Rework files\n\nBody line.',
        author: { name: 'Bob', email: 'Bob@Example.com', date: '2026-01-01T18:04:05Z' },
        committer: { name: 'Test Committer', email: 'committer@example.com', date: '2026-01-01T00:00:00Z' },
        tree: { sha: git(repository.dir, ['rev-parse', `${reworked}^{tree}`]) },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      author: { login: 'bob', html_url: 'https://github.com/bob' },
      committer: null,
      parents: [{ sha: repository.feature, url: `${fake.url}/repos/acme/shop/commits/${repository.feature}` }],
      stats: { additions: 2, deletions: 1, total: 3 },
    });
    expect(data.files?.map((file) => [file.status, file.filename, file.previous_filename, file.sha, file.additions, file.deletions, file.changes])).toEqual([
      ['modified', 'a.txt', undefined, git(repository.dir, [`rev-parse`, `${reworked}:a.txt`]), 1, 0, 1],
      ['removed', 'c.txt', undefined, git(repository.dir, ['rev-parse', `${repository.feature}:c.txt`]), 0, 1, 1],
      ['added', 'e.bin', undefined, git(repository.dir, ['rev-parse', `${reworked}:e.bin`]), 0, 0, 0],
      ['renamed', 'moved b.txt', 'b.txt', git(repository.dir, ['rev-parse', `${reworked}:moved b.txt`]), 0, 0, 0],
      ['added', 'run.sh', undefined, git(repository.dir, ['rev-parse', `${reworked}:run.sh`]), 1, 0, 1],
    ]);
    expect(data.files?.[0]).toMatchObject({ patch: '@@ -1 +1,2 @@\n a\n+more', blob_url: `https://github.com/acme/shop/blob/${reworked}/a.txt` });
    expect(data.files?.[2]?.patch).toBeUndefined();
    expect(data.files?.[3]?.contents_url).toBe(`${fake.url}/repos/acme/shop/contents/moved%20b.txt?ref=${reworked}`);

    // A mode change alone: "changed" with no blob; a bot's no-reply address is the bot.
    const { data: chmod } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: 'heads/feature' });
    expect([chmod.sha, chmod.author, chmod.committer?.login, chmod.committer?.type]).toEqual([executable, null, 'github-actions[bot]', 'Bot']);
    expect(chmod.files).toEqual([expect.objectContaining({ filename: 'run.sh', status: 'changed', sha: null, changes: 0 })]);

    // The root commit: every file added; a merge by GitHub: two parents, the files it brought over the first, web-flow.
    const { data: root } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: repository.main });
    expect([root.parents, root.files?.map((file) => [file.status, file.filename])]).toEqual([[], [['added', 'a.txt']]]);
    fake.addPull({ head: 'feature', title: 'Feature' });
    const { sha: merge } = fake.mergePull({ number: 1, method: 'merge' });
    const { data: merged } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: merge });
    expect([merged.parents.map((parent) => parent.sha), merged.committer?.login, merged.files?.map((file) => file.filename)]).toEqual([
      [repository.main, executable],
      'web-flow',
      ['a.txt', 'e.bin', 'moved b.txt', 'run.sh'],
    ]);

    // Files page with a Link header; an unknown commit is 422; reading commits needs contents: read.
    const paged = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: reworked, per_page: 2, page: 2 });
    expect([paged.data.files?.map((file) => file.filename), paged.data.stats?.total]).toEqual([['e.bin', 'moved b.txt'], 3]);
    expect(paged.headers.link).toContain(`/repos/acme/shop/commits/${reworked}?per_page=2&page=3>; rel="next"`);
    const unknown = await failure(octokit.rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: 'f'.repeat(40) }));
    expect([unknown.status, unknown.response.data.message]).toEqual([422, `No commit found for SHA: ${'f'.repeat(40)}`]);
  });

  it('repos/get-commit: a signed commit is "unknown_key" with its signature and the payload it signs; contents: read is needed', async () => {
    const repository = origin();
    const object = git(repository.dir, ['cat-file', 'commit', repository.feature]);
    const armour = '-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----';
    const signed = object.replace('\n\n', `\ngpgsig ${armour.split('\n').join('\n ')}\n\n`);
    const sha = git(repository.dir, ['hash-object', '-t', 'commit', '-w', '--stdin'], { input: `${signed}\n` });
    const fake = await start({
      gitDir: repository.dir,
      token: undefined,
      tokens: { reader: { permissions: { contents: 'read' } }, none: { permissions: { pull_requests: 'read' } } },
    });
    const { data } = await client(fake, 'reader').rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: sha });
    expect(data.commit.verification).toEqual({ verified: false, reason: 'unknown_key', signature: armour, payload: `${object}\n`, verified_at: null });
    const denied = await failure(client(fake, 'none').rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: sha }));
    expect([denied.status, denied.response.headers['x-accepted-github-permissions']]).toEqual([403, 'contents=read']);
  });

  it('repos/get-commit needs the backing repository: without gitDir the fake fails the test, naming what to do', async () => {
    const fake = await start();
    expect((await failure(client(fake).rest.repos.getCommit({ owner: 'acme', repo: 'shop', ref: 'a'.repeat(40) }))).status).toBe(500);
    expect(fake.takeViolations()).toEqual([expect.objectContaining({ kind: 'response', problems: [expect.stringContaining('start the fake with gitDir')] })]);
  });

  it('repos/list-pull-requests-associated-with-commit: open and merged ones of a commit off the default branch, only the merged one that brought it onto the default branch', async () => {
    const repository = origin();
    git(repository.dir, ['branch', 'release', 'main']);
    git(repository.dir, ['branch', 'dropped', 'feature']);
    const fake = await start({ gitDir: repository.dir });
    const octokit = client(fake);
    const pulls = async (sha: string) =>
      (await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: 'acme', repo: 'shop', commit_sha: sha })).data.map((pull) => [
        pull.number,
        pull.state,
        pull.merged_at !== null,
      ]);
    const first = git(repository.dir, ['rev-parse', 'feature~1']);
    fake.addPull({ head: 'feature', base: 'release', title: 'To release' });
    fake.addPull({ head: 'dropped', title: 'Dropped' });
    fake.closePull(2);
    fake.addPull({ head: 'feature', title: 'To main' });
    // Off the default branch: the open ones, never the closed unmerged one; a branch name works too.
    expect(await pulls(first)).toEqual([
      [3, 'open', false],
      [1, 'open', false],
    ]);
    expect(await pulls('feature')).toEqual([
      [3, 'open', false],
      [1, 'open', false],
    ]);
    fake.mergePull({ number: 1, method: 'squash' });
    expect(await pulls(first)).toEqual([
      [3, 'open', false],
      [1, 'closed', true],
    ]);
    // Rebased onto main: the copies are on the default branch, so only the pull request that
    // brought them there counts, even with another open one (main into release) holding them;
    // the originals are not, so both merged pull requests of theirs count.
    const { sha: tip } = fake.mergePull({ number: 3, method: 'rebase' });
    const copy = git(repository.dir, ['rev-parse', `${tip}~1`]);
    expect(copy).not.toBe(first);
    git(repository.dir, ['branch', 'sync', 'main']);
    fake.addPull({ head: 'sync', base: 'release', title: 'Sync' });
    expect(await pulls(copy)).toEqual([[3, 'closed', true]]);
    expect(await pulls(first)).toEqual([
      [3, 'closed', true],
      [1, 'closed', true],
    ]);
    // The squash commit on release is off the default branch: its pull request. A commit pushed
    // straight to main has none.
    expect(await pulls(git(repository.dir, ['rev-parse', 'release']))).toEqual([[1, 'closed', true]]);
    expect(await pulls(repository.main)).toEqual([]);
  });

  it('is deterministic: the same calls give the same bytes', async () => {
    const run = async () => {
      const fake = await startFakeGithub({ owner: 'acme', repo: 'shop' });
      try {
        const octokit = client(fake);
        await octokit.rest.pulls.create({ owner: 'acme', repo: 'shop', head: 'feature', base: 'main', title: 'Feature', body: 'x' });
        await octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 1, body: 'hi' });
        const { data } = await octokit.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 });
        const { data: comments } = await octokit.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: 1 });
        return JSON.stringify([data, comments]).split(fake.url).join('<api>');
      } finally {
        await fake.close();
      }
    };
    expect(await run()).toBe(await run());
  });
});
