/** How a pull request lands: GitHub's three merge methods. */
export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** GitHub's review states, as the REST API spells them. */
export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

/** Repository permissions of a GitHub App installation or fine-grained token, as GitHub names them. */
export type GithubPermission = 'contents' | 'pull_requests' | 'issues' | 'checks' | 'statuses' | 'metadata';

/** A pull request the fake holds. Tests may edit `title` and `body` (someone editing it on github.com). */
export interface FakePull {
  number: number;
  title: string;
  body: string | null;
  /** Head branch name (same repository). */
  head: string;
  /** Base branch name. */
  base: string;
  state: 'open' | 'closed';
  draft: boolean;
  /** Login of the author. */
  user: string;
  /** The head commit: read from the backing repository on every answer while open, fixed once closed. */
  headSha: string;
  /** The base branch's commit when the pull request was opened or last merged. */
  baseSha: string;
  merged: boolean;
  mergedBy: string | null;
  /** Merge commit, squash commit, or last rebased commit, once merged (GitHub's `merge_commit_sha`). */
  mergeCommitSha: string | null;
  /** How it landed (not in GitHub's pull request object; tests read it). */
  mergeMethod: MergeMethod | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
}

/** A pull request review. */
export interface FakeReview {
  id: number;
  pull: number;
  user: string;
  state: ReviewState;
  body: string;
  /** The head commit the review is about (GitHub's `commit_id`). */
  commitId: string;
  /** `null` while PENDING (not submitted). */
  submittedAt: string | null;
}

/** A comment on an issue or pull request (the conversation tab). */
export interface FakeComment {
  id: number;
  /** Issue or pull request number. */
  issue: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A check run (GitHub Checks API: GitHub Actions jobs and other apps). */
export interface FakeCheckRun {
  id: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale' | null;
  /** Slug of the app that reported it (`github-actions` for Actions jobs). */
  app: string;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  title: string | null;
  summary: string | null;
}

/** A commit status (the older statuses API: a `context` with a state). */
export interface FakeStatus {
  id: number;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  /** Login of whoever set it. */
  creator: string;
  createdAt: string;
}

/** What one token may do in the fake. Omitted fields: everything allowed. */
export interface FakeGithubGrant {
  /** The account the token acts as; default `github-actions[bot]`. */
  login?: string;
  /**
   * `installation` (a GitHub App or Actions' GITHUB_TOKEN: 403 "Resource not accessible by
   * integration") or `fine-grained` (a fine-grained personal access token: "… by personal
   * access token"). Default `installation`.
   */
  kind?: 'installation' | 'fine-grained';
  /** Granted permissions; a permission left out is `write`. `none` everywhere but metadata: the token sees the repository but may do nothing. */
  permissions?: Partial<Record<GithubPermission, 'none' | 'read' | 'write'>>;
  /** `false`: the token cannot see this repository at all (GitHub answers 404, never 403). Default `true`. */
  repositoryAccess?: boolean;
}

/** A fault the fake injects, in place of the operation's answer. */
export interface FakeGithubFault {
  /** Only requests for this operation id (`pulls/create`); default: any. */
  operationId?: string;
  /**
   * `secondary-rate-limit`: 403 (or `status: 429`) with `retry-after` and GitHub's message;
   * `primary-rate-limit`: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`;
   * `server-error`: 502 (or `status`) with GitHub's "Server Error" body.
   */
  kind: 'secondary-rate-limit' | 'primary-rate-limit' | 'server-error';
  /** Status to answer with; defaults above. */
  status?: number;
  /** Seconds in `retry-after` (secondary limits); default 60. */
  retryAfter?: number;
  /** How many matching requests get the fault; default 1. */
  times?: number;
}

/** A request relctl sent that GitHub's description says is wrong, or an answer of the fake that is. */
export interface FakeGithubViolation {
  /** `request`: the client's fault; `response`: the fake's answer broke the schema; `unmodelled`: GitHub has the operation, the fake does not. */
  kind: 'request' | 'response' | 'unmodelled';
  method: string;
  /** Path with the query string. */
  url: string;
  /** Operation id, `null` when GitHub has no such operation. */
  operationId: string | null;
  problems: string[];
}
