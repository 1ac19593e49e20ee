import { createHash } from 'node:crypto';
import type { FakeCheckRun, FakeComment, FakePull, FakeReview, FakeStatus } from './fake-github-model.js';
import { loadGithubFixture } from './load-github-fixture.js';
import type { GitCommit, GitCommitFile } from './read-git-commit.js';

/** Options of {@link createGithubObjects}. */
export interface CreateGithubObjectsOptions {
  /** The fake's base URL: API URLs in answers point at it, so following one stays on loopback. */
  apiUrl: string;
  /** Web URL of `html_url`s; default `https://github.com`. */
  webUrl?: string;
  owner: string;
  repo: string;
  defaultBranch: string;
  private: boolean;
}

/** JSON bodies of GitHub's REST objects, built from the fake's state. */
export interface GithubObjects {
  user(login: string): Record<string, unknown>;
  repository(): Record<string, unknown>;
  pull(
    pull: FakePull,
    options: { full: boolean; mergeable: boolean | null; counts?: { commits: number; additions: number; deletions: number; changedFiles: number }; comments: number },
  ): Record<string, unknown>;
  review(review: FakeReview): Record<string, unknown>;
  comment(comment: FakeComment): Record<string, unknown>;
  checkRun(run: FakeCheckRun, pulls: FakePull[]): Record<string, unknown>;
  status(status: FakeStatus, withCreator: boolean): Record<string, unknown>;
  combinedStatus(sha: string, latest: FakeStatus[], totalCount: number): Record<string, unknown>;
  /** A commit as "get a commit" shows it: `files` is one page of them, `stats` counts all; `author`/`committer` are the accounts of its addresses (`null`: none). */
  commit(commit: GitCommit, extra: { author: string | null; committer: string | null; files: GitCommitFile[] }): Record<string, unknown>;
  /** Headers GitHub sends with every answer (from a recorded one), rate-limit counters included. */
  headers(remaining: number): Record<string, string>;
}

/**
 * Build GitHub's JSON objects for the fake: users and the repository from `@octokit/fixtures`'
 * recorded answers (renamed to this repository), commit statuses and combined statuses from the
 * `create-status` recording, and pull requests, reviews, issue comments, check runs and commits
 * field by field after the examples in GitHub's description (no recording of them exists). Ids and
 * `node_id`s are derived from the numbers, so every run gives the same bytes.
 *
 * @example
 * ```ts
 * const objects = createGithubObjects({ apiUrl: github.url, owner: 'acme', repo: 'shop', defaultBranch: 'main', private: true });
 * objects.user('kim'); // { login: 'kim', id: …, type: 'User', … }
 * ```
 */
export function createGithubObjects(options: CreateGithubObjectsOptions): GithubObjects {
  const { apiUrl, owner, repo } = options;
  const web = options.webUrl ?? 'https://github.com';
  const full = `${owner}/${repo}`;
  const api = `${apiUrl}/repos/${full}`;
  const html = `${web}/${full}`;
  const statusRecording = loadGithubFixture('create-status');
  const userTemplate = (statusRecording[0]?.response as { creator: Record<string, unknown> }).creator;
  const repositoryTemplate = loadGithubFixture('get-repository')[0]?.response as Record<string, unknown>;

  const rename = <T>(value: T, replacements: Array<[string, string]>): T =>
    JSON.parse(replacements.reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(value))) as T;

  const user = (login: string): Record<string, unknown> => {
    const id = numericId(`user:${login}`);
    // Logins go into URLs percent-encoded, as GitHub writes them (`github-actions%5Bbot%5D`).
    const made = rename(userTemplate, [
      ['https://api.github.com', apiUrl],
      ['https://github.com', web],
      ['octokit-fixture-user-a', encodeURIComponent(login)],
    ]);
    return {
      ...made,
      login,
      id,
      node_id: nodeId('U_', id),
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      type: login.endsWith('[bot]') ? 'Bot' : login === owner ? 'Organization' : 'User',
    };
  };

  const repository = (): Record<string, unknown> => {
    const made = rename(repositoryTemplate, [
      ['https://api.github.com', apiUrl],
      ['https://github.com', web],
      ['git://github.com/', `git://github.com/`],
      ['octokit-fixture-org/hello-world', full],
      ['octokit-fixture-org', owner],
    ]);
    const id = numericId(`repo:${full}`);
    const ownerObject = user(owner);
    return {
      ...made,
      id,
      node_id: nodeId('R_', id),
      name: repo,
      full_name: full,
      private: options.private,
      visibility: options.private ? 'private' : 'public',
      owner: ownerObject,
      organization: ownerObject,
      default_branch: options.defaultBranch,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
      pushed_at: '2024-01-01T00:00:00Z',
    };
  };

  const pull: GithubObjects['pull'] = (p, extra) => {
    const id = numericId(`pull:${full}#${p.number}`);
    const self = `${api}/pulls/${p.number}`;
    const issue = `${api}/issues/${p.number}`;
    const page = `${html}/pull/${p.number}`;
    const repoObject = repository();
    const ownerLogin = owner;
    const simple: Record<string, unknown> = {
      url: self,
      id,
      node_id: nodeId('PR_', id),
      html_url: page,
      diff_url: `${page}.diff`,
      patch_url: `${page}.patch`,
      issue_url: issue,
      commits_url: `${self}/commits`,
      review_comments_url: `${self}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${issue}/comments`,
      statuses_url: `${api}/statuses/${p.headSha}`,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: user(p.user),
      body: p.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.closedAt,
      merged_at: p.mergedAt,
      merge_commit_sha: p.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${ownerLogin}:${p.head}`, ref: p.head, sha: p.headSha, user: user(ownerLogin), repo: repoObject },
      base: { label: `${ownerLogin}:${p.base}`, ref: p.base, sha: p.baseSha, user: user(ownerLogin), repo: repoObject },
      _links: {
        self: { href: self },
        html: { href: page },
        issue: { href: issue },
        comments: { href: `${issue}/comments` },
        review_comments: { href: `${self}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` },
        commits: { href: `${self}/commits` },
        statuses: { href: `${api}/statuses/${p.headSha}` },
      },
      author_association: p.user === ownerLogin ? 'OWNER' : 'MEMBER',
      auto_merge: null,
      draft: p.draft,
    };
    if (!extra.full) return simple;
    const counts = extra.counts ?? { commits: 0, additions: 0, deletions: 0, changedFiles: 0 };
    return {
      ...simple,
      merged: p.merged,
      mergeable: p.state === 'open' ? extra.mergeable : null,
      rebaseable: p.state === 'open' ? extra.mergeable : null,
      mergeable_state: p.state === 'open' ? (extra.mergeable === false ? 'dirty' : extra.mergeable === null ? 'unknown' : 'clean') : 'unknown',
      merged_by: p.mergedBy === null ? null : user(p.mergedBy),
      comments: extra.comments,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: counts.commits,
      additions: counts.additions,
      deletions: counts.deletions,
      changed_files: counts.changedFiles,
    };
  };

  const review = (r: FakeReview): Record<string, unknown> => {
    const page = `${html}/pull/${r.pull}#pullrequestreview-${r.id}`;
    const made: Record<string, unknown> = {
      id: r.id,
      node_id: nodeId('PRR_', r.id),
      user: user(r.user),
      body: r.body,
      state: r.state,
      html_url: page,
      pull_request_url: `${api}/pulls/${r.pull}`,
      _links: { html: { href: page }, pull_request: { href: `${api}/pulls/${r.pull}` } },
      commit_id: r.commitId,
      author_association: r.user === owner ? 'OWNER' : 'MEMBER',
    };
    // GitHub leaves submitted_at out of a review that is not submitted yet.
    if (r.submittedAt !== null) made.submitted_at = r.submittedAt;
    return made;
  };

  const comment = (c: FakeComment): Record<string, unknown> => ({
    id: c.id,
    node_id: nodeId('IC_', c.id),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${html}/pull/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: user(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${api}/issues/${c.issue}`,
    author_association: c.user === owner ? 'OWNER' : c.user.endsWith('[bot]') ? 'NONE' : 'MEMBER',
    performed_via_github_app: null,
    reactions: { url: `${api}/issues/comments/${c.id}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
  });

  const app = (slug: string): Record<string, unknown> => {
    const id = numericId(`app:${slug}`);
    return {
      id,
      slug,
      node_id: nodeId('A_', id),
      client_id: `Iv1.${createHash('sha1').update(slug).digest('hex').slice(0, 16)}`,
      owner: user(slug === 'github-actions' ? 'github' : owner),
      name: slug === 'github-actions' ? 'GitHub Actions' : slug,
      description: '',
      external_url: slug === 'github-actions' ? 'https://help.github.com/en/actions' : `https://${slug}.example`,
      html_url: `${web}/apps/${slug}`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2024-01-01T00:00:00Z',
      permissions: { checks: 'write', statuses: 'write', metadata: 'read' },
      events: ['check_run', 'check_suite'],
    };
  };

  const checkRun: GithubObjects['checkRun'] = (run, pulls) => {
    const minimalRepo = { id: numericId(`repo:${full}`), url: `${apiUrl}/repos/${full}`, name: repo };
    return {
      id: run.id,
      head_sha: run.headSha,
      node_id: nodeId('CR_', run.id),
      external_id: '',
      url: `${api}/check-runs/${run.id}`,
      html_url: `${html}/runs/${run.id}`,
      details_url: run.detailsUrl,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: { title: run.title, summary: run.summary, text: null, annotations_count: 0, annotations_url: `${api}/check-runs/${run.id}/annotations` },
      name: run.name,
      check_suite: { id: numericId(`suite:${run.app}:${run.headSha}`) },
      app: app(run.app),
      // GitHub lists the open pull requests whose head is this commit.
      pull_requests: pulls.map((p) => ({
        url: `${api}/pulls/${p.number}`,
        id: numericId(`pull:${full}#${p.number}`),
        number: p.number,
        head: { ref: p.head, sha: p.headSha, repo: minimalRepo },
        base: { ref: p.base, sha: p.baseSha, repo: minimalRepo },
      })),
    };
  };

  const statusTemplate = statusRecording[0]?.response as Record<string, unknown>;
  const status: GithubObjects['status'] = (s, withCreator) => {
    const made: Record<string, unknown> = {
      ...statusTemplate,
      url: `${api}/statuses/${s.sha}`,
      avatar_url: statusTemplate.avatar_url,
      id: s.id,
      node_id: nodeId('SC_', s.id),
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.createdAt,
    };
    if (withCreator) made.creator = user(s.creator);
    else delete made.creator;
    return made;
  };

  const combinedTemplate = statusRecording.find((exchange) => exchange.path.endsWith('/status'))?.response as Record<string, unknown>;
  const combinedStatus: GithubObjects['combinedStatus'] = (sha, latest, totalCount) => {
    const states = latest.map((s) => s.state);
    // GitHub: failure if any context is error or failure, pending if any is pending or none exists, else success.
    const state = states.some((s) => s === 'error' || s === 'failure') ? 'failure' : states.length === 0 || states.includes('pending') ? 'pending' : 'success';
    const repoObject = repository();
    return {
      ...combinedTemplate,
      state,
      statuses: latest.map((s) => status(s, false)),
      sha,
      total_count: totalCount,
      repository: pickMinimal(repoObject),
      commit_url: `${api}/commits/${sha}`,
      url: `${api}/commits/${sha}/status`,
    };
  };

  const recordedHeaders = statusRecording[0]?.headers ?? {};
  const headers = (remaining: number): Record<string, string> => {
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(recordedHeaders)) {
      if (['content-length', 'connection', 'date', 'etag', 'location', 'content-type', 'x-oauth-scopes', 'x-accepted-oauth-scopes', 'cache-control'].includes(name)) continue;
      kept[name] = String(value);
    }
    return {
      ...kept,
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-reset': '1735693200',
    };
  };

  const commit: GithubObjects['commit'] = (c, extra) => {
    const self = `${api}/commits/${c.sha}`;
    const additions = c.files.reduce((sum, file) => sum + file.additions, 0);
    const deletions = c.files.reduce((sum, file) => sum + file.deletions, 0);
    // Paths go into URLs segment by segment, percent-encoded.
    const at = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
    return {
      url: self,
      sha: c.sha,
      node_id: `C_${Buffer.from(`fake:${c.sha}`).toString('base64url')}`,
      html_url: `${html}/commit/${c.sha}`,
      comments_url: `${self}/comments`,
      commit: {
        url: `${api}/git/commits/${c.sha}`,
        author: c.author,
        committer: c.committer,
        message: c.message,
        tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
        comment_count: 0,
        // The fake knows no one's keys: a signed commit is "unknown_key", as GitHub says for a key no account has.
        verification:
          c.signature === null
            ? { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
            : { verified: false, reason: 'unknown_key', signature: c.signature, payload: c.payload, verified_at: null },
      },
      author: extra.author === null ? null : user(extra.author),
      committer: extra.committer === null ? null : user(extra.committer),
      parents: c.parents.map((parent) => ({ sha: parent, url: `${api}/commits/${parent}`, html_url: `${html}/commit/${parent}` })),
      stats: { total: additions + deletions, additions, deletions },
      files: extra.files.map((file) => ({
        sha: file.sha,
        filename: file.filename,
        status: file.status,
        additions: file.additions,
        deletions: file.deletions,
        changes: file.additions + file.deletions,
        blob_url: `${html}/blob/${c.sha}/${at(file.filename)}`,
        raw_url: `${html}/raw/${c.sha}/${at(file.filename)}`,
        contents_url: `${api}/contents/${at(file.filename)}?ref=${c.sha}`,
        ...(file.patch === undefined ? {} : { patch: file.patch }),
        ...(file.previousFilename === undefined ? {} : { previous_filename: file.previousFilename }),
      })),
    };
  };

  return { user, repository, pull, review, comment, checkRun, status, combinedStatus, commit, headers };
}

/** The minimal-repository fields (a combined status embeds the repository without its settings). */
function pickMinimal(repository: Record<string, unknown>): Record<string, unknown> {
  const drop = [
    'permissions',
    'allow_squash_merge',
    'allow_merge_commit',
    'allow_rebase_merge',
    'allow_auto_merge',
    'delete_branch_on_merge',
    'allow_update_branch',
    'use_squash_pr_title_as_default',
    'temp_clone_token',
    'organization',
    'network_count',
    'subscribers_count',
  ];
  return Object.fromEntries(Object.entries(repository).filter(([key]) => !drop.includes(key)));
}

/** A stable positive id from a name (GitHub's ids are opaque integers; only stability matters here). */
function numericId(name: string): number {
  return Number.parseInt(createHash('sha1').update(name).digest('hex').slice(0, 8), 16) + 1;
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}${Buffer.from(`fake:${id}`).toString('base64url')}`;
}
