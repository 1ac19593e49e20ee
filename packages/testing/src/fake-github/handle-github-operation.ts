import { gitResult } from '../git.js';
import type { FakeCheckRun, FakeComment, FakePull, FakeReview, FakeStatus, MergeMethod } from './fake-github-model.js';
import type { FakeGithubState } from './fake-github-state.js';
import { githubErrorBody, type GithubErrorDetail } from './github-error-body.js';
import { landPullRequest } from './land-pull-request.js';
import type { GithubOperation } from './load-github-description.js';
import { paginateGithub } from './paginate-github.js';
import { readGitCommit } from './read-git-commit.js';

/** One checked request, ready to answer. */
export interface GithubCall {
  operation: GithubOperation;
  /** Path and query parameters, typed. */
  params: Record<string, unknown>;
  /** The JSON body (`{}` without one). */
  body: Record<string, unknown>;
  url: URL;
  /** Login the token acts as. */
  login: string;
  /** How the caller authenticated. */
  tokenKind: 'installation' | 'fine-grained';
}

/** The fake's answer to one call. */
export interface GithubAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (state: FakeGithubState, call: GithubCall) => GithubAnswer;

/**
 * Answer one operation from the fake's state, or `null` when the fake does not model it. Every
 * answer is checked against the description by the caller ({@link startFakeGithub}), so the
 * handlers only decide what GitHub would do.
 *
 * @example
 * ```ts
 * const answer = handleGithubOperation(state, { operation, params: { owner: 'acme', repo: 'shop', pull_number: 1 }, body: {}, url, login: 'kim', tokenKind: 'installation' });
 * ```
 */
export function handleGithubOperation(state: FakeGithubState, call: GithubCall): GithubAnswer | null {
  const handler = HANDLERS[call.operation.operationId];
  return handler ? handler(state, call) : null;
}

const fail = (call: GithubCall, status: number, message: string, errors?: Array<GithubErrorDetail | string>): GithubAnswer => ({
  status,
  body: githubErrorBody({ status, message, documentationUrl: call.operation.documentationUrl, errors }),
});
const notFound = (call: GithubCall): GithubAnswer => fail(call, 404, 'Not Found');
const invalid = (call: GithubCall, errors: GithubErrorDetail[]): GithubAnswer => fail(call, 422, 'Validation Failed', errors);
const listed = (state: FakeGithubState, call: GithubCall, items: unknown[], wrap?: (page: unknown[]) => unknown): GithubAnswer => {
  const { page, link } = paginateGithub({ items, url: call.url, perPage: call.params.per_page, page: call.params.page, apiUrl: state.apiUrl });
  return { status: 200, body: wrap ? wrap(page) : page, headers: link ? { link } : {} };
};
const findPull = (state: FakeGithubState, number: unknown): FakePull | undefined => {
  const pull = state.pulls.find((candidate) => candidate.number === number);
  return pull ? state.refresh(pull) : undefined;
};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** A repository without any commit: GitHub answers commit operations with 409. */
const empty = (state: FakeGithubState): boolean => state.gitDir !== null && gitResult(state.gitDir, ['for-each-ref', '--count=1'], { allowFailure: true }).stdout === '';

/** Commits, additions, deletions and files of base...head, from the backing repository. */
function counts(state: FakeGithubState, pull: FakePull): { commits: number; additions: number; deletions: number; changedFiles: number } | undefined {
  if (state.gitDir === null) return undefined;
  const range = `${pull.baseSha}...${pull.headSha}`;
  const commits = gitResult(state.gitDir, ['rev-list', '--count', '--right-only', range], { allowFailure: true });
  const stat = gitResult(state.gitDir, ['diff', '--numstat', range], { allowFailure: true });
  if (commits.status !== 0 || stat.status !== 0) return undefined;
  let additions = 0;
  let deletions = 0;
  const lines = stat.stdout === '' ? [] : stat.stdout.split('\n');
  for (const line of lines) {
    const [added, deleted] = line.split('\t');
    additions += Number(added) || 0;
    deletions += Number(deleted) || 0;
  }
  return { commits: Number(commits.stdout), additions, deletions, changedFiles: lines.length };
}

/** Whether head merges into base without conflicts (`null`: unknown, no backing repository). */
function mergeable(state: FakeGithubState, pull: FakePull): boolean | null {
  if (state.gitDir === null || pull.state !== 'open') return null;
  return gitResult(state.gitDir, ['merge-tree', '--write-tree', '--no-messages', pull.baseSha, pull.headSha], { allowFailure: true }).status === 0;
}

function fullPull(state: FakeGithubState, pull: FakePull): Record<string, unknown> {
  const comments = state.comments.filter((comment) => comment.issue === pull.number).length;
  return state.objects.pull(pull, { full: true, mergeable: mergeable(state, pull), counts: counts(state, pull), comments });
}

/** Latest check run per name and app, as `filter=latest` (GitHub's default) gives them. */
function latestRuns(runs: FakeCheckRun[]): FakeCheckRun[] {
  const seen = new Set<string>();
  return [...runs].reverse().filter((run) => {
    const key = `${run.app}\u0000${run.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function latestStatuses(statuses: FakeStatus[]): FakeStatus[] {
  const seen = new Set<string>();
  return [...statuses].reverse().filter((status) => {
    if (seen.has(status.context)) return false;
    seen.add(status.context);
    return true;
  });
}

const HANDLERS: Record<string, Handler> = {
  'repos/get': (state) => ({ status: 200, body: state.objects.repository() }),

  'pulls/list': (state, call) => {
    const stateFilter = text(call.params.state) ?? 'open';
    const head = text(call.params.head);
    const base = text(call.params.base);
    // GitHub filters by head only in the form "owner:branch"; a bare branch name is ignored.
    const headFilter = head?.includes(':') ? head : undefined;
    const sort = text(call.params.sort) ?? 'created';
    const direction = text(call.params.direction) ?? (sort === 'created' ? 'desc' : 'asc');
    const found = state.pulls
      .map((pull) => state.refresh(pull))
      .filter(
        (pull) =>
          (stateFilter === 'all' || pull.state === stateFilter) &&
          (headFilter === undefined || `${state.owner}:${pull.head}` === headFilter) &&
          (base === undefined || pull.base === base),
      )
      .sort((a, b) => (sort === 'updated' ? a.updatedAt.localeCompare(b.updatedAt) : a.number - b.number) * (direction === 'desc' ? -1 : 1));
    return listed(
      state,
      call,
      found.map((pull) => state.objects.pull(pull, { full: false, mergeable: null, comments: 0 })),
    );
  },

  'pulls/get': (state, call) => {
    const pull = findPull(state, call.params.pull_number);
    return pull ? { status: 200, body: fullPull(state, pull) } : notFound(call);
  },

  'pulls/create': (state, call) => {
    const title = text(call.body.title);
    const base = text(call.body.base) ?? '';
    const rawHead = text(call.body.head) ?? '';
    const head = rawHead.startsWith(`${state.owner}:`) ? rawHead.slice(state.owner.length + 1) : rawHead;
    if (title === undefined && call.body.issue === undefined) return invalid(call, [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    const headSha = state.branchSha(head);
    const baseSha = state.branchSha(base);
    if (baseSha === null) return invalid(call, [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (headSha === null || (rawHead.includes(':') && !rawHead.startsWith(`${state.owner}:`))) return invalid(call, [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (state.pulls.some((pull) => pull.state === 'open' && pull.head === head && pull.base === base)) {
      return invalid(call, [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${state.owner}:${head}.` }]);
    }
    if (state.gitDir !== null && gitResult(state.gitDir, ['merge-base', '--is-ancestor', headSha, baseSha], { allowFailure: true }).status === 0) {
      return invalid(call, [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }]);
    }
    const pull = addPull(state, { head, base, title: title ?? '', body: text(call.body.body) ?? null, user: call.login, draft: call.body.draft === true });
    return { status: 201, body: fullPull(state, pull), headers: { location: `${state.apiUrl}/repos/${state.owner}/${state.repo}/pulls/${pull.number}` } };
  },

  'pulls/update': (state, call) => {
    const pull = findPull(state, call.params.pull_number);
    if (!pull) return notFound(call);
    const title = text(call.body.title);
    const body = text(call.body.body);
    const wanted = text(call.body.state);
    const base = text(call.body.base);
    if (base !== undefined && state.branchSha(base) === null) return invalid(call, [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (wanted === 'open' && pull.merged)
      return invalid(call, [{ resource: 'PullRequest', field: 'state', code: 'invalid', message: 'state cannot be changed. The pull request cannot be reopened.' }]);
    if (title !== undefined) pull.title = title;
    if (body !== undefined) pull.body = body;
    if (base !== undefined) pull.base = base;
    if (wanted !== undefined && wanted !== pull.state) {
      pull.state = wanted === 'closed' ? 'closed' : 'open';
      pull.closedAt = wanted === 'closed' ? state.now() : null;
    }
    pull.updatedAt = state.now();
    return { status: 200, body: fullPull(state, state.refresh(pull)) };
  },

  'pulls/merge': (state, call) => {
    const pull = findPull(state, call.params.pull_number);
    if (!pull) return notFound(call);
    const method = (text(call.body.merge_method) ?? 'merge') as MergeMethod;
    const notMergeable = (message: string): GithubAnswer => fail(call, 405, message);
    if (pull.state !== 'open') return notMergeable('Pull Request is not mergeable');
    if (pull.draft) return notMergeable('Pull Request is still a draft');
    if (state.mergeQueue) return notMergeable('Changes must be made through the merge queue');
    if (!state.mergeMethods.includes(method)) {
      return notMergeable(`${{ merge: 'Merge commits', squash: 'Squash merges', rebase: 'Rebase merges' }[method]} are not allowed on this repository.`);
    }
    const sha = text(call.body.sha);
    if (sha !== undefined && sha !== pull.headSha) return fail(call, 409, 'Head branch was modified. Review and try the merge again.');
    const landed = mergePull(state, { pull, method, mergedBy: call.login, commitTitle: text(call.body.commit_title), commitMessage: text(call.body.commit_message) });
    if (!landed.landed)
      return notMergeable(
        landed.reason === 'rebase-conflict'
          ? "This branch can't be rebased"
          : landed.reason === 'base-moved'
            ? 'Base branch was modified. Review and try the merge again.'
            : 'Pull Request is not mergeable',
      );
    return { status: 200, body: { sha: landed.sha, merged: true, message: 'Pull Request successfully merged' } };
  },

  'pulls/list-reviews': (state, call) => {
    const pull = findPull(state, call.params.pull_number);
    if (!pull) return notFound(call);
    // A pending review is a draft: only its author sees it.
    const reviews = state.reviews.filter((review) => review.pull === pull.number && (review.state !== 'PENDING' || review.user === call.login));
    return listed(
      state,
      call,
      reviews.map((review) => state.objects.review(review)),
    );
  },

  'pulls/create-review': (state, call) => {
    const pull = findPull(state, call.params.pull_number);
    if (!pull) return notFound(call);
    const event = text(call.body.event);
    const body = text(call.body.body) ?? '';
    // This operation's 422 is GitHub's "simple" validation error: `errors` are plain strings.
    if (event === 'APPROVE' && pull.user === call.login) return fail(call, 422, 'Unprocessable Entity', ['Can not approve your own pull request']);
    if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && body === '') {
      return fail(call, 422, 'Unprocessable Entity', [`Review Can not ${event === 'COMMENT' ? 'comment' : 'request changes'} without a body`]);
    }
    const stateOf = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const;
    const review = addReview(state, {
      pull: pull.number,
      user: call.login,
      state: event ? stateOf[event as keyof typeof stateOf] : 'PENDING',
      body,
      commitId: text(call.body.commit_id) ?? pull.headSha,
    });
    return { status: 200, body: state.objects.review(review) };
  },

  'issues/list-comments': (state, call) => {
    const issue = call.params.issue_number;
    if (!state.pulls.some((pull) => pull.number === issue)) return notFound(call);
    const since = text(call.params.since);
    const comments = state.comments.filter((comment) => comment.issue === issue && (since === undefined || comment.updatedAt >= since));
    return listed(
      state,
      call,
      comments.map((comment) => state.objects.comment(comment)),
    );
  },

  'issues/create-comment': (state, call) => {
    const issue = call.params.issue_number as number;
    if (!state.pulls.some((pull) => pull.number === issue)) return notFound(call);
    const comment = addComment(state, { issue, user: call.login, body: text(call.body.body) ?? '' });
    return { status: 201, body: state.objects.comment(comment), headers: { location: `${state.apiUrl}/repos/${state.owner}/${state.repo}/issues/comments/${comment.id}` } };
  },

  'issues/update-comment': (state, call) => {
    const comment = state.comments.find((candidate) => candidate.id === call.params.comment_id);
    if (!comment) return notFound(call);
    comment.body = text(call.body.body) ?? comment.body;
    comment.updatedAt = state.now();
    return { status: 200, body: state.objects.comment(comment) };
  },

  'checks/list-for-ref': (state, call) => {
    const sha = state.resolveCommit(String(call.params.ref));
    if (sha === null) return fail(call, 422, `No commit found for SHA: ${String(call.params.ref)}`);
    const name = text(call.params.check_name);
    const status = text(call.params.status);
    const app = call.params.app_id;
    let runs = state.checkRuns.filter((run) => run.headSha === sha);
    if ((text(call.params.filter) ?? 'latest') === 'latest') runs = latestRuns(runs);
    else runs = [...runs].reverse();
    runs = runs.filter((run) => (name === undefined || run.name === name) && (status === undefined || run.status === status));
    if (app !== undefined) runs = runs.filter((run) => (state.objects.checkRun(run, []).app as { id: number }).id === app);
    const pulls = state.pulls.filter((pull) => pull.state === 'open' && state.refresh(pull).headSha === sha);
    const objects = runs.map((run) => state.objects.checkRun(run, pulls));
    return listed(state, call, objects, (page) => ({ total_count: objects.length, check_runs: page }));
  },

  'checks/create': (state, call) => {
    // Only a GitHub App (an installation token, Actions' GITHUB_TOKEN included) may write checks.
    if (call.tokenKind !== 'installation') return fail(call, 403, 'You must authenticate via a GitHub App.');
    const headSha = text(call.body.head_sha) ?? '';
    if (state.resolveCommit(headSha) === null) return invalid(call, [{ resource: 'CheckRun', field: 'head_sha', code: 'invalid' }]);
    const output = (call.body.output ?? {}) as { title?: string; summary?: string };
    const conclusion = (text(call.body.conclusion) ?? null) as FakeCheckRun['conclusion'];
    const run = addCheckRun(state, {
      headSha,
      name: text(call.body.name) ?? '',
      status: (text(call.body.status) ?? (conclusion ? 'completed' : 'queued')) as FakeCheckRun['status'],
      conclusion,
      app: call.login === 'github-actions[bot]' ? 'github-actions' : call.login.replace(/\[bot\]$/, ''),
      detailsUrl: text(call.body.details_url) ?? null,
      title: output.title ?? null,
      summary: output.summary ?? null,
    });
    return { status: 201, body: state.objects.checkRun(run, []) };
  },

  'repos/list-commit-statuses-for-ref': (state, call) => {
    const sha = state.resolveCommit(String(call.params.ref));
    const statuses = sha === null ? [] : state.statuses.filter((status) => status.sha === sha).reverse();
    return listed(
      state,
      call,
      statuses.map((status) => state.objects.status(status, true)),
    );
  },

  'repos/get-combined-status-for-ref': (state, call) => {
    const sha = state.resolveCommit(String(call.params.ref));
    if (sha === null) return fail(call, 404, `No commit found for SHA: ${String(call.params.ref)}`);
    const latest = latestStatuses(state.statuses.filter((status) => status.sha === sha));
    const { page, link } = paginateGithub({ items: latest, url: call.url, perPage: call.params.per_page, page: call.params.page, apiUrl: state.apiUrl });
    const combined = state.objects.combinedStatus(sha, latest, latest.length);
    // The state is over every context; the list is one page of them.
    return { status: 200, body: { ...combined, statuses: page.map((status) => state.objects.status(status, false)) }, headers: link ? { link } : {} };
  },

  'repos/create-commit-status': (state, call) => {
    const sha = String(call.params.sha);
    if (state.resolveCommit(sha) === null) return fail(call, 422, `No commit found for SHA: ${sha}`);
    const status = addStatus(state, {
      sha: state.resolveCommit(sha) ?? sha,
      context: text(call.body.context) ?? 'default',
      state: text(call.body.state) as FakeStatus['state'],
      description: text(call.body.description) ?? null,
      targetUrl: text(call.body.target_url) ?? null,
      creator: call.login,
    });
    return { status: 201, body: state.objects.status(status, true), headers: { location: `${state.apiUrl}/repos/${state.owner}/${state.repo}/statuses/${sha}` } };
  },

  'repos/get-commit': (state, call) => {
    const ref = String(call.params.ref);
    if (state.gitDir === null) throw new Error('fake GitHub: repos/get-commit reads the commit from the backing repository; start the fake with gitDir');
    if (empty(state)) return fail(call, 409, 'Git Repository is empty.');
    const sha = state.resolveCommit(ref);
    const commit = sha === null ? null : readGitCommit({ gitDir: state.gitDir, sha });
    if (commit === null) return fail(call, 422, `No commit found for SHA: ${ref}`);
    // GitHub lists at most 3000 files of a commit, 300 a page, with Link headers for the rest.
    const { page, link } = paginateGithub({
      items: commit.files.slice(0, 3000),
      url: call.url,
      perPage: call.params.per_page,
      page: call.params.page,
      apiUrl: state.apiUrl,
      defaultPerPage: 300,
      maxPerPage: 300,
    });
    const body = state.objects.commit(commit, { author: state.accountOf(commit.author.email), committer: state.accountOf(commit.committer.email), files: page });
    return { status: 200, body, headers: link ? { link } : {} };
  },

  'repos/list-pull-requests-associated-with-commit': (state, call) => {
    if (empty(state)) return fail(call, 409, 'Git Repository is empty.');
    const sha = state.resolveCommit(String(call.params.commit_sha));
    if (sha === null) return fail(call, 422, `No commit found for SHA: ${String(call.params.commit_sha)}`);
    const reaches = (tip: string): boolean =>
      tip === sha || (state.gitDir !== null && gitResult(state.gitDir, ['merge-base', '--is-ancestor', sha, tip], { allowFailure: true }).status === 0);
    // What a pull request brought: its head's commits not on its base, and once merged what
    // landed on the base (the merge commit, the squash commit, the rebased copies).
    const holds = (pull: FakePull): boolean => !reaches(pull.baseSha) && (reaches(pull.headSha) || (pull.mergeCommitSha !== null && reaches(pull.mergeCommitSha)));
    // GitHub: a commit on the default branch has only the merged pull request that brought it
    // there; any other commit, its open and merged ones (never a closed unmerged one).
    const defaultTip = state.branchSha(state.defaultBranch);
    const onDefault = defaultTip !== null && reaches(defaultTip);
    const found = state.pulls
      .map((pull) => state.refresh(pull))
      .filter((pull) => (onDefault ? pull.merged && pull.base === state.defaultBranch : pull.state === 'open' || pull.merged) && holds(pull))
      .sort((a, b) => b.number - a.number);
    return listed(
      state,
      call,
      found.map((pull) => state.objects.pull(pull, { full: false, mergeable: null, comments: 0 })),
    );
  },
};

/** The operation ids the fake answers (GitHub's ids, e.g. `pulls/create`). */
export const MODELLED_OPERATIONS: readonly string[] = Object.keys(HANDLERS).sort();

/** Open a pull request in the state (seeding, or `pulls/create`). */
export function addPull(state: FakeGithubState, options: { head: string; base: string; title: string; body: string | null; user: string; draft?: boolean }): FakePull {
  const at = state.now();
  const headSha = state.branchSha(options.head);
  const baseSha = state.branchSha(options.base);
  if (headSha === null || baseSha === null) throw new Error(`fake GitHub: no branch ${headSha === null ? options.head : options.base} in the backing repository`);
  // Pull requests and issues share one sequence of numbers; the fake has no issues of its own.
  const pull: FakePull = {
    number: state.nextId('issue'),
    title: options.title,
    body: options.body,
    head: options.head,
    base: options.base,
    state: 'open',
    draft: options.draft ?? false,
    user: options.user,
    headSha,
    baseSha,
    merged: false,
    mergedBy: null,
    mergeCommitSha: null,
    mergeMethod: null,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    mergedAt: null,
  };
  state.pulls.push(pull);
  // GitHub keeps refs/pull/<n>/head for every pull request.
  if (state.gitDir !== null) gitResult(state.gitDir, ['update-ref', `refs/pull/${pull.number}/head`, headSha], { allowFailure: true });
  return pull;
}

/** Add a review (seeding, or `pulls/create-review`). */
export function addReview(state: FakeGithubState, options: Omit<FakeReview, 'id' | 'submittedAt'>): FakeReview {
  const review: FakeReview = { id: state.nextId('review'), ...options, submittedAt: options.state === 'PENDING' ? null : state.now() };
  state.reviews.push(review);
  return review;
}

/** Add an issue comment (seeding, or `issues/create-comment`). */
export function addComment(state: FakeGithubState, options: { issue: number; user: string; body: string }): FakeComment {
  const at = state.now();
  const comment = { id: state.nextId('comment'), ...options, createdAt: at, updatedAt: at };
  state.comments.push(comment);
  return comment;
}

/** Add a check run (seeding, or `checks/create`). */
export function addCheckRun(state: FakeGithubState, options: Omit<FakeCheckRun, 'id' | 'startedAt' | 'completedAt'>): FakeCheckRun {
  const at = state.now();
  const run: FakeCheckRun = { id: state.nextId('check-run'), ...options, startedAt: at, completedAt: options.status === 'completed' ? at : null };
  state.checkRuns.push(run);
  return run;
}

/** Add a commit status (seeding, or `repos/create-commit-status`). */
export function addStatus(state: FakeGithubState, options: Omit<FakeStatus, 'id' | 'createdAt'>): FakeStatus {
  const status: FakeStatus = { id: state.nextId('status'), ...options, createdAt: state.now() };
  state.statuses.push(status);
  return status;
}

/** Land a pull request in the backing repository and close it as merged. */
export function mergePull(
  state: FakeGithubState,
  options: { pull: FakePull; method: MergeMethod; mergedBy: string; commitTitle?: string; commitMessage?: string; queue?: boolean },
): ReturnType<typeof landPullRequest> {
  const { pull } = options;
  if (state.gitDir === null) throw new Error('fake GitHub: merging writes git objects; start the fake with gitDir (the backing repository)');
  state.refresh(pull);
  const at = state.now();
  const landed = landPullRequest({
    gitDir: state.gitDir,
    owner: state.owner,
    pull,
    method: options.method,
    mergedBy: options.mergedBy,
    date: at,
    commitTitle: options.commitTitle,
    commitMessage: options.commitMessage,
    queue: options.queue,
  });
  if (!landed.landed) return landed;
  pull.state = 'closed';
  pull.merged = true;
  pull.mergedBy = options.mergedBy;
  pull.mergeCommitSha = landed.sha;
  pull.mergeMethod = options.method;
  pull.mergedAt = at;
  pull.closedAt = at;
  pull.updatedAt = at;
  pull.baseSha = landed.baseBefore;
  return landed;
}
