import { Octokit } from '@octokit/rest';
import { ConfigError, NotFoundError, StateError, type RelctlError } from '@relctl/core';
import type { GitToken } from '@relctl/git';

/**
 * A pull request, as relctl uses it.
 *
 * @example
 * ```ts
 * const pull: PullRequest = { number: 12, url: 'https://github.com/acme/shop/pull/12', title: 'Release 1.4.0 to prod: A', body: '', head: 'relctl-promote/1.4.0', base: 'main', headSha: '2c26b46b…' };
 * ```
 */
export interface PullRequest {
  number: number;
  /** The page people open. */
  url: string;
  title: string;
  body: string;
  /** Head branch name. */
  head: string;
  /** Base branch name. */
  base: string;
  /** The head commit the pull request holds now. */
  headSha: string;
}

/**
 * A review of a pull request, as GitHub authenticated its author.
 *
 * @example
 * ```ts
 * const review: PullReview = { user: 'kim', state: 'APPROVED', commitId: '2c26b46b…', submittedAt: '2025-01-01T00:00:05Z' };
 * ```
 */
export interface PullReview {
  /** The reviewer's GitHub login. */
  user: string;
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`, `PENDING`. */
  state: string;
  /** The head commit the review was given on. */
  commitId: string;
  /** ISO time, when submitted. */
  submittedAt: string | null;
}

/**
 * A conversation comment of an issue or pull request.
 *
 * @example
 * ```ts
 * const comment: IssueComment = { id: 1, url: 'https://github.com/acme/shop/pull/1#issuecomment-1', body: 'Looks good', user: 'kim' };
 * ```
 */
export interface IssueComment {
  id: number;
  /** The page people open. */
  url: string;
  body: string;
  /** Who wrote it (login; `''` when GitHub names nobody). */
  user: string;
}

/** The repository a call is about. */
export interface RepositoryName {
  owner: string;
  repo: string;
}

/** The few GitHub REST calls relctl makes (pull requests, their reviews, commit statuses). Every failure is a typed relctl error whose message never holds the token. */
export interface GithubClient {
  /** The open pull request from branch `head` (of the same repository) into `base`, or `null`. */
  findOpenPullRequest(options: RepositoryName & { head: string; base: string }): Promise<PullRequest | null>;
  createPullRequest(options: RepositoryName & { head: string; base: string; title: string; body: string }): Promise<PullRequest>;
  /**
   * The newest pull request, open or closed, from branch `head` (of the same repository) into
   * `base`, with whether and how it ended: `merged` and GitHub's `merge_commit_sha` (the merge
   * commit, the squash commit, or the last rebased commit), or `null`.
   */
  findLatestPullRequest(
    options: RepositoryName & { head: string; base: string },
  ): Promise<(PullRequest & { state: 'open' | 'closed'; merged: boolean; mergeCommit: string | null }) | null>;
  updatePullRequest(options: RepositoryName & { number: number; title: string; body: string }): Promise<PullRequest>;
  /** Pull request `number`, with whether it is still open. */
  getPullRequest(options: RepositoryName & { number: number }): Promise<PullRequest & { state: 'open' | 'closed' }>;
  /** The conversation comments of pull request (or issue) `number`, oldest first, every page. */
  listIssueComments(options: RepositoryName & { number: number }): Promise<IssueComment[]>;
  createIssueComment(options: RepositoryName & { number: number; body: string }): Promise<IssueComment>;
  updateIssueComment(options: RepositoryName & { commentId: number; body: string }): Promise<IssueComment>;
  /** The pull requests a commit belongs to (`GET /repos/{o}/{r}/commits/{sha}/pulls`), for changelog lines. */
  listCommitPullRequests(options: RepositoryName & { sha: string }): Promise<Array<{ number: number; url: string; mergedAt: string | null; author: GithubLogin | null }>>;
  /** The GitHub user who authored a commit, or `null` when GitHub knows none. */
  getCommitAuthor(options: RepositoryName & { sha: string }): Promise<GithubLogin | null>;
  /** A pull request's page, author and merge commit (`null` until merged), for changelog lines. */
  getPullRequestInfo(options: RepositoryName & { number: number }): Promise<{ url: string; author: GithubLogin | null; mergeCommit: string | null }>;
  /** Every review of a pull request, oldest first. */
  listReviews(options: RepositoryName & { number: number }): Promise<PullReview[]>;
  /** Every check run of a commit, the latest per name and app (`GET /repos/{o}/{r}/commits/{ref}/check-runs`, all pages). */
  listCheckRuns(options: RepositoryName & { sha: string }): Promise<GithubCheckRun[]>;
  /** Every commit status of a commit, newest first (`GET /repos/{o}/{r}/commits/{ref}/statuses`, all pages). */
  listCommitStatuses(options: RepositoryName & { sha: string }): Promise<GithubCommitStatus[]>;
  /** Set a commit status (`context`) on a commit: what branch protection's required checks read. */
  setCommitStatus(options: RepositoryName & { sha: string; state: 'pending' | 'success' | 'failure'; context: string; description: string }): Promise<void>;
}

/**
 * One check run of a commit, as GitHub reports it.
 *
 * @example
 * ```ts
 * const run: GithubCheckRun = { name: 'e2e', status: 'completed', conclusion: 'failure', app: 'github-actions', url: 'https://github.com/acme/shop/actions/runs/1', at: '2025-01-01T00:00:05Z' };
 * ```
 */
export interface GithubCheckRun {
  name: string;
  /** `queued`, `in_progress`, `completed`, … */
  status: string;
  /** `success`, `failure`, `neutral`, `cancelled`, `skipped`, `timed_out`, `action_required`, `stale`; `null` until completed. */
  conclusion: string | null;
  /** Slug of the GitHub App that reported it (`github-actions`), `''` when unknown. */
  app: string;
  url: string | null;
  /** ISO time it completed (or started, while running). */
  at: string | null;
}

/**
 * One commit status of a commit, as GitHub reports it.
 *
 * @example
 * ```ts
 * const status: GithubCommitStatus = { context: 'ci/jenkins', state: 'success', creator: 'jenkins-bot', url: 'https://ci.example.com/7', at: '2025-01-01T00:00:05Z' };
 * ```
 */
export interface GithubCommitStatus {
  context: string;
  /** `error`, `failure`, `pending` or `success`. */
  state: string;
  /** Login of whoever set it, `''` when unknown. */
  creator: string;
  url: string | null;
  at: string | null;
}

/** A GitHub user's login and profile page. */
export interface GithubLogin {
  login: string;
  url: string;
}

/** Options of {@link createGithubClient}. */
export interface CreateGithubClientOptions {
  /** REST API base URL, e.g. `https://api.github.com` (a loopback server in tests). */
  apiUrl: string;
  /** The token, and where it came from (an environment variable, an action's input): error messages name `variable`, never the value. */
  token: GitToken | { value: string; variable: string };
  /** Where the client's warnings go (scrubbed of the token); default: dropped. */
  warn?: (text: string) => void;
  /** Give up on one call after this many milliseconds. Default 30 000. */
  timeoutMs?: number;
}

interface PullData {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
}

/**
 * A GitHub REST client on `@octokit/rest` for pull requests: find the open one of a branch, open
 * one, update its title and body. The token goes only into the `Authorization` header; error
 * messages name the variable it came from, never its value.
 *
 * @example
 * ```ts
 * const client = createGithubClient({ apiUrl: 'https://api.github.com', token: { value, variable: 'GITHUB_TOKEN' } });
 * const open = await client.findOpenPullRequest({ owner: 'acme', repo: 'shop', head: 'relctl-promote/1.4.0', base: 'main' });
 * ```
 */
export function createGithubClient(options: CreateGithubClientOptions): GithubClient {
  const { apiUrl, token } = options;
  const scrub = (text: string): string => (token.value.length > 0 ? text.split(token.value).join('***') : text);
  const warn = (text: unknown): void => options.warn?.(scrub(String(text)));
  const octokit = new Octokit({
    auth: token.value,
    baseUrl: apiUrl,
    userAgent: 'relctl',
    log: { debug: () => {}, info: () => {}, warn, error: warn },
  });
  const request = () => ({ signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  const fail = (error: unknown, action: string, name: RepositoryName): RelctlError => githubFailure({ error, action, name, apiUrl, variable: token.variable, scrub });

  return {
    async findOpenPullRequest({ owner, repo, head, base }) {
      try {
        const { data } = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${head}`, base, state: 'open', per_page: 10, request: request() });
        const found = (data as PullData[]).find((pull) => pull.head.ref === head && pull.base.ref === base);
        return found ? pullRequest(found) : null;
      } catch (error) {
        throw fail(error, `look up the pull request of ${head}`, { owner, repo });
      }
    },
    async findLatestPullRequest({ owner, repo, head, base }) {
      try {
        const { data } = await octokit.rest.pulls.list({
          owner,
          repo,
          head: `${owner}:${head}`,
          base,
          state: 'all',
          sort: 'created',
          direction: 'desc',
          per_page: 10,
          request: request(),
        });
        const found = (data as Array<PullData & { state: string; merged_at?: string | null; merge_commit_sha?: string | null }>).find(
          (pull) => pull.head.ref === head && pull.base.ref === base,
        );
        if (!found) return null;
        const merged = typeof found.merged_at === 'string';
        return { ...pullRequest(found), state: found.state === 'open' ? 'open' : 'closed', merged, mergeCommit: merged ? (found.merge_commit_sha ?? null) : null };
      } catch (error) {
        throw fail(error, `look up the pull request of ${head}`, { owner, repo });
      }
    },
    async createPullRequest({ owner, repo, head, base, title, body }) {
      try {
        const { data } = await octokit.rest.pulls.create({ owner, repo, head, base, title, body, request: request() });
        return pullRequest(data as PullData);
      } catch (error) {
        throw fail(error, `open a pull request from ${head} into ${base}`, { owner, repo });
      }
    },
    async listCommitPullRequests({ owner, repo, sha }) {
      try {
        const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha, per_page: 50, request: request() });
        return (data as Array<{ number: number; html_url: string; merged_at?: string | null; user?: UserData | null }>).map((pull) => ({
          number: pull.number,
          url: pull.html_url,
          mergedAt: pull.merged_at ?? null,
          author: login(pull.user),
        }));
      } catch (error) {
        throw fail(error, `list the pull requests of commit ${sha.slice(0, 7)}`, { owner, repo });
      }
    },
    async getCommitAuthor({ owner, repo, sha }) {
      try {
        const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: sha, request: request() });
        return login((data as { author?: UserData | null }).author);
      } catch (error) {
        throw fail(error, `read commit ${sha.slice(0, 7)}`, { owner, repo });
      }
    },
    async getPullRequestInfo({ owner, repo, number }) {
      try {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number, request: request() });
        const pull = data as { html_url: string; user?: UserData | null; merged_at?: string | null; merge_commit_sha?: string | null };
        return { url: pull.html_url, author: login(pull.user), mergeCommit: pull.merged_at ? (pull.merge_commit_sha ?? null) : null };
      } catch (error) {
        throw fail(error, `read pull request #${number}`, { owner, repo });
      }
    },
    async updatePullRequest({ owner, repo, number, title, body }) {
      try {
        const { data } = await octokit.rest.pulls.update({ owner, repo, pull_number: number, title, body, request: request() });
        return pullRequest(data as PullData);
      } catch (error) {
        throw fail(error, `update pull request #${number}`, { owner, repo });
      }
    },
    async getPullRequest({ owner, repo, number }) {
      try {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number, request: request() });
        return { ...pullRequest(data as PullData), state: data.state === 'open' ? 'open' : 'closed' };
      } catch (error) {
        throw fail(error, `read pull request #${number}`, { owner, repo });
      }
    },
    async listIssueComments({ owner, repo, number }) {
      try {
        const data = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100, request: request() });
        return data.map((comment) => issueComment(comment));
      } catch (error) {
        throw fail(error, `read the comments of pull request #${number}`, { owner, repo });
      }
    },
    async createIssueComment({ owner, repo, number, body }) {
      try {
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body, request: request() });
        return issueComment(data);
      } catch (error) {
        throw fail(error, `comment on pull request #${number}`, { owner, repo });
      }
    },
    async updateIssueComment({ owner, repo, commentId, body }) {
      try {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body, request: request() });
        return issueComment(data);
      } catch (error) {
        throw fail(error, `edit comment ${commentId}`, { owner, repo });
      }
    },
    async listReviews({ owner, repo, number }) {
      try {
        const data = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100, request: request() });
        return data.map((review) => ({
          user: review.user?.login ?? '',
          state: review.state,
          commitId: review.commit_id ?? '',
          submittedAt: review.submitted_at ?? null,
        }));
      } catch (error) {
        throw fail(error, `read the reviews of pull request #${number}`, { owner, repo });
      }
    },
    async listCheckRuns({ owner, repo, sha }) {
      try {
        const runs = await octokit.paginate(octokit.rest.checks.listForRef, { owner, repo, ref: sha, filter: 'latest', per_page: 100, request: request() });
        return runs.map((run) => ({
          name: run.name,
          status: run.status,
          conclusion: run.conclusion ?? null,
          app: run.app?.slug ?? '',
          url: run.details_url ?? run.html_url ?? null,
          at: run.completed_at ?? run.started_at ?? null,
        }));
      } catch (error) {
        throw fail(error, `read the check runs of commit ${sha.slice(0, 7)}`, { owner, repo });
      }
    },
    async listCommitStatuses({ owner, repo, sha }) {
      try {
        const statuses = await octokit.paginate(octokit.rest.repos.listCommitStatusesForRef, { owner, repo, ref: sha, per_page: 100, request: request() });
        return statuses.map((status) => ({
          context: status.context,
          state: status.state,
          creator: status.creator?.login ?? '',
          url: status.target_url ?? null,
          at: status.updated_at ?? status.created_at ?? null,
        }));
      } catch (error) {
        throw fail(error, `read the commit statuses of commit ${sha.slice(0, 7)}`, { owner, repo });
      }
    },
    async setCommitStatus({ owner, repo, sha, state, context, description }) {
      try {
        await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state, context, description: description.slice(0, 140), request: request() });
      } catch (error) {
        throw fail(error, `set the ${context} status of ${sha.slice(0, 7)}`, { owner, repo });
      }
    },
  };
}

interface UserData {
  login?: string;
  html_url?: string;
}

function login(user: UserData | null | undefined): GithubLogin | null {
  return user && typeof user.login === 'string' ? { login: user.login, url: user.html_url ?? `https://github.com/${user.login}` } : null;
}

function issueComment(data: { id: number; html_url: string; body?: string | null; user?: UserData | null }): IssueComment {
  return { id: data.id, url: data.html_url, body: data.body ?? '', user: data.user?.login ?? '' };
}

function pullRequest(data: PullData): PullRequest {
  return { number: data.number, url: data.html_url, title: data.title, body: data.body ?? '', head: data.head.ref, base: data.base.ref, headSha: data.head.sha };
}

function githubFailure(options: { error: unknown; action: string; name: RepositoryName; apiUrl: string; variable: string; scrub: (text: string) => string }): RelctlError {
  const { error, action, name, apiUrl, variable, scrub } = options;
  // Octokit reports a network failure as status 500 without a response: only an answer has a status.
  const response = (error as { response?: { status?: unknown; headers?: Record<string, unknown>; data?: { message?: unknown; errors?: Array<{ message?: unknown } | string> } } })
    ?.response;
  const status = typeof response?.status === 'number' ? response.status : null;
  const said = typeof response?.data === 'object' && response.data !== null ? response.data : undefined;
  // A 422's `errors` are objects with a message on most operations, plain strings on some (reviews).
  const detail = [said?.message, ...(said?.errors ?? []).map((item) => (typeof item === 'string' ? item : item?.message))]
    .filter((text) => typeof text === 'string' && text !== '')
    .join('; ');
  const why = scrub((detail || (error instanceof Error ? error.message : String(error))).split('\n')[0] ?? '').slice(0, 200);
  const repository = `${name.owner}/${name.repo}`;
  const data = { status, repository, action, variable };
  const limited = rateLimit(status, response?.headers ?? {}, why);
  if (limited !== null) {
    // A rate limit is 403 (or 429) too, but says nothing about the token's permissions.
    return new StateError(`GitHub's rate limit stopped relctl: could not ${action} in ${repository} (${status}: ${why}); run the command again ${limited.when}.`, {
      ...data,
      retryAfterSeconds: limited.retryAfterSeconds,
    });
  }
  if (status === 401) {
    return new ConfigError(`GitHub rejected the token from ${variable} (401: ${why}); set ${variable} to a valid token that may write pull requests of ${repository}.`, {
      ...data,
      issues: [{ path: variable, message: 'rejected by GitHub' }],
    });
  }
  if (status === 403) {
    return new ConfigError(
      `GitHub did not let the token from ${variable} ${action} (403: ${why}); give it "pull requests: write" on ${repository} (in GitHub Actions: permissions: pull-requests: write).`,
      { ...data, issues: [{ path: variable, message: 'lacks permission' }] },
    );
  }
  if (status === 404) {
    return new NotFoundError(
      `GitHub has no repository ${repository} that the token from ${variable} can see (404) and could not ${action}; check the remote URL (or RELCTL_GITHUB_REPOSITORY) and the token's access.`,
      data,
    );
  }
  if (status !== null) {
    return new StateError(`GitHub could not ${action} in ${repository} (${status}: ${why}); fix what it says, then run the command again.`, data);
  }
  return new StateError(`Could not reach GitHub at ${scrub(apiUrl)} to ${action} (${why}); check the network and RELCTL_GITHUB_API_URL, then run the command again.`, data);
}

/**
 * GitHub's rate limits, as its docs describe them: a secondary limit answers 403 or 429 with
 * `retry-after` (seconds); a spent primary limit answers 403 or 429 with
 * `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds). `null` for any other answer.
 */
function rateLimit(status: number | null, headers: Record<string, unknown>, why: string): { when: string; retryAfterSeconds: number | null } | null {
  if (status !== 403 && status !== 429) return null;
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return { when: `in ${retryAfter} seconds`, retryAfterSeconds: retryAfter };
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset)) {
    return { when: `after ${new Date(reset * 1000).toISOString().replace('.000Z', 'Z')}`, retryAfterSeconds: null };
  }
  if (/rate limit/i.test(why)) return { when: 'in a few minutes', retryAfterSeconds: null };
  return null;
}
