import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkGithubRequest } from './check-github-request.js';
import { createGithubObjects } from './create-github-objects.js';
import { createGithubValidator } from './create-github-validator.js';
import type {
  FakeCheckRun,
  FakeComment,
  FakeGithubFault,
  FakeGithubGrant,
  FakeGithubViolation,
  FakePull,
  FakeReview,
  FakeStatus,
  GithubPermission,
  MergeMethod,
  ReviewState,
} from './fake-github-model.js';
import { createFakeGithubState } from './fake-github-state.js';
import { githubErrorBody } from './github-error-body.js';
import { addCheckRun, addComment, addPull, addReview, addStatus, handleGithubOperation, mergePull, MODELLED_OPERATIONS, type GithubAnswer } from './handle-github-operation.js';
import { loadGithubDescription, type GithubOperation } from './load-github-description.js';
import { matchGithubOperation } from './match-github-operation.js';

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, `null` without one. */
  body: unknown;
  /** GitHub's operation id (`pulls/create`), `null` when GitHub has no such operation. */
  operationId: string | null;
  /** The status the fake answered. */
  status: number;
}

/** Options of {@link startFakeGithub}. */
export interface StartFakeGithubOptions {
  owner: string;
  repo: string;
  /**
   * The repository's content: a git repository (bare or not) whose branches the pull requests
   * are about. Merging writes real commits into it. Without it, branches exist by name with
   * made-up shas and nothing can be merged.
   */
  gitDir?: string;
  /** The one accepted token, with every permission (shorthand for `tokens: { [token]: {} }`). */
  token?: string;
  /** Accepted tokens and what each may do. Without `token` and `tokens`, any request (with or without a token) may do everything. */
  tokens?: Record<string, FakeGithubGrant>;
  /** Default branch; default `main`. */
  defaultBranch?: string;
  /** Merge methods the repository allows; default all three. */
  mergeMethods?: MergeMethod[];
  /** The base branch requires a merge queue: `PUT …/merge` answers 405; land with `mergePull({ queue: true })`. */
  mergeQueue?: boolean;
  /** A private repository (default): requests without a token get 404, as on GitHub. */
  private?: boolean;
  /** Host of `html_url`s; default `https://github.com`. */
  webUrl?: string;
  /**
   * Verified email addresses of GitHub accounts (address → login): a commit's `author` and
   * `committer` are the accounts whose addresses it carries, as on GitHub. No-reply addresses
   * (`login@users.noreply.github.com`, `id+login@…`) need no entry; `noreply@github.com` (the
   * fake's merges) is `web-flow`; any other address has no account (`null`).
   */
  emails?: Record<string, string>;
}

/** A running fake GitHub (see the README beside this file). */
export interface FakeGithub {
  /** Base URL for `RELCTL_GITHUB_API_URL`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, oldest first (tests may clear it with `length = 0`). */
  requests: RecordedRequest[];
  /** Requests GitHub would reject or silently misread, and answers of the fake that break the schema. {@link FakeGithub.close} fails while any is left. */
  violations: FakeGithubViolation[];
  /** The operation ids the fake answers. */
  operations: readonly string[];
  /** Pull requests by number (live objects: editing `title` or `body` is someone editing them on github.com). */
  pulls: FakePull[];
  reviews: FakeReview[];
  comments: FakeComment[];
  checkRuns: FakeCheckRun[];
  statuses: FakeStatus[];
  /** Open a pull request as `user` (default: the owner's first member, `octocat`). */
  addPull(options: { head: string; base?: string; title: string; body?: string | null; user?: string; draft?: boolean }): FakePull;
  /** Add a submitted review (or a PENDING draft); `commitId` defaults to the pull request's head now. */
  addReview(options: { pull: number; user: string; state: ReviewState; body?: string; commitId?: string }): FakeReview;
  /** Add a comment to a pull request's conversation. */
  addComment(options: { issue: number; user: string; body: string }): FakeComment;
  /** Add a check run for a commit (`app`: slug, default `github-actions`; `completed` when a conclusion is given). */
  addCheckRun(options: { sha: string; name: string; conclusion?: FakeCheckRun['conclusion']; status?: FakeCheckRun['status']; app?: string; detailsUrl?: string }): FakeCheckRun;
  /** Set a commit status for a commit. */
  addStatus(options: { sha: string; context: string; state: FakeStatus['state']; description?: string; targetUrl?: string; creator?: string }): FakeStatus;
  /** Merge a pull request as GitHub would (writes to `gitDir`); `queue`: through a merge queue. Throws when it cannot land. */
  mergePull(options: { number: number; method?: MergeMethod; by?: string; queue?: boolean; commitTitle?: string; commitMessage?: string }): { sha: string };
  /** Close a pull request without merging. */
  closePull(number: number): void;
  /** Answer matching requests with a fault (rate limits, server errors) instead. */
  injectFault(fault: FakeGithubFault): void;
  /** Change the next answers of one operation before they are validated (to prove validation, or to model GitHub oddities). */
  rewriteResponse(options: { operationId: string; rewrite: (body: unknown) => unknown; times?: number }): void;
  /** Return the violations so far and forget them (for tests that expect some). */
  takeViolations(): FakeGithubViolation[];
  /** Stop the server; rejects when violations were recorded and not taken, naming them. */
  close(): Promise<void>;
}

/** The permission each operation needs (any one of them); `metadata: read` is implied by access. */
const NEEDS: Record<string, Array<[GithubPermission, 'read' | 'write']>> = {
  'repos/get': [['metadata', 'read']],
  'pulls/list': [['pull_requests', 'read']],
  'pulls/get': [['pull_requests', 'read']],
  'pulls/create': [['pull_requests', 'write']],
  'pulls/update': [['pull_requests', 'write']],
  'pulls/merge': [['contents', 'write']],
  'pulls/list-reviews': [['pull_requests', 'read']],
  'pulls/create-review': [['pull_requests', 'write']],
  'issues/list-comments': [
    ['issues', 'read'],
    ['pull_requests', 'read'],
  ],
  'issues/create-comment': [
    ['issues', 'write'],
    ['pull_requests', 'write'],
  ],
  'issues/update-comment': [
    ['issues', 'write'],
    ['pull_requests', 'write'],
  ],
  'checks/list-for-ref': [['checks', 'read']],
  'checks/create': [['checks', 'write']],
  'repos/list-commit-statuses-for-ref': [['statuses', 'read']],
  'repos/get-combined-status-for-ref': [['statuses', 'read']],
  'repos/create-commit-status': [['statuses', 'write']],
  'repos/list-pull-requests-associated-with-commit': [['pull_requests', 'read']],
  'repos/get-commit': [['contents', 'read']],
};

const BASIC_ERROR = '/components/schemas/basic-error';
const DEFAULT_LOGIN = 'github-actions[bot]';

/**
 * Start a GitHub REST API on 127.0.0.1 (a free port) that answers as api.github.com does, for
 * tests: every request is matched to an operation of GitHub's official OpenAPI description and
 * checked against it (parameters, body); every answer is validated against the same
 * description's response schema. A request GitHub would reject gets GitHub's 4xx and is recorded
 * as a violation; {@link FakeGithub.close} then fails the test. See README.md beside this file
 * for what is modelled.
 *
 * @example
 * ```ts
 * const github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: 'secret', gitDir: origin });
 * // RELCTL_GITHUB_API_URL=github.url … relctl promote … --via-pr
 * github.addReview({ pull: 1, user: 'kim', state: 'APPROVED' });
 * github.mergePull({ number: 1, method: 'squash' });
 * await github.close(); // throws if relctl sent anything GitHub would reject
 * ```
 */
export async function startFakeGithub(options: StartFakeGithubOptions): Promise<FakeGithub> {
  const description = loadGithubDescription();
  const validator = createGithubValidator();
  const tokens: Record<string, FakeGithubGrant> | null = options.tokens ?? (options.token !== undefined ? { [options.token]: {} } : null);
  const requests: RecordedRequest[] = [];
  let violations: FakeGithubViolation[] = [];
  const faults: Array<FakeGithubFault & { left: number }> = [];
  const rewrites: Array<{ operationId: string; rewrite: (body: unknown) => unknown; left: number }> = [];
  let remaining = 5000;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        answer(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res);
      } catch (error) {
        violations.push({
          kind: 'response',
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          operationId: null,
          problems: [`the fake failed: ${(error as Error).stack ?? String(error)}`],
        });
        send(res, 500, githubErrorBody({ status: 500, message: 'Server Error', documentationUrl: 'https://docs.github.com/rest' }), {});
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const objects = createGithubObjects({
    apiUrl: url,
    webUrl: options.webUrl,
    owner: options.owner,
    repo: options.repo,
    defaultBranch: options.defaultBranch ?? 'main',
    private: options.private ?? true,
  });
  const state = createFakeGithubState({
    owner: options.owner,
    repo: options.repo,
    apiUrl: url,
    gitDir: options.gitDir ?? null,
    defaultBranch: options.defaultBranch ?? 'main',
    mergeMethods: options.mergeMethods ?? ['merge', 'squash', 'rebase'],
    mergeQueue: options.mergeQueue ?? false,
    objects,
    emails: options.emails,
  });

  function answer(method: string, rawUrl: string, headers: IncomingHttpHeaders, text: string, res: ServerResponse): void {
    const parsed = new URL(rawUrl, 'http://127.0.0.1');
    let body: unknown;
    let unreadable = false;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        unreadable = true;
      }
    }
    const record: RecordedRequest = { method, path: parsed.pathname, query: Object.fromEntries(parsed.searchParams), headers, body: body ?? null, operationId: null, status: 0 };
    requests.push(record);
    const violation = (kind: FakeGithubViolation['kind'], operationId: string | null, problems: string[]) => violations.push({ kind, method, url: rawUrl, operationId, problems });
    const reply = (operation: GithubOperation | null, result: GithubAnswer): void => {
      record.status = result.status;
      send(res, result.status, result.body, { ...objects.headers(remaining), ...result.headers });
    };

    const matched = matchGithubOperation({ description, method, path: parsed.pathname });
    if (!matched) {
      violation('request', null, [`GitHub has no operation ${method} ${parsed.pathname}`]);
      return reply(null, { status: 404, body: githubErrorBody({ status: 404, message: 'Not Found', documentationUrl: 'https://docs.github.com/rest' }) });
    }
    const { operation } = matched;
    record.operationId = operation.operationId;
    const documentationUrl = operation.documentationUrl;
    const error = (status: number, message: string, extra: Record<string, string> = {}): GithubAnswer => ({
      status,
      body: githubErrorBody({ status, message, documentationUrl }),
      headers: extra,
    });
    if (unreadable) {
      violation('request', operation.operationId, ['body: not JSON']);
      return respond(operation, error(400, 'Problems parsing JSON'));
    }
    const checked = checkGithubRequest({ description, validator, operation, pathParams: matched.pathParams, query: parsed.searchParams, body });
    if (checked.problems.length > 0) violation('request', operation.operationId, checked.problems);

    // Authentication comes first on GitHub: a bad token is 401 whatever the request.
    const auth = String(headers.authorization ?? '');
    const presented = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
    let grant: FakeGithubGrant = {};
    if (tokens !== null) {
      if (presented !== undefined) {
        const found = tokens[presented];
        if (!found)
          return respond(operation, { status: 401, body: githubErrorBody({ status: 401, message: 'Bad credentials', documentationUrl: 'https://docs.github.com/rest' }) });
        grant = found;
      } else if (options.private ?? true) {
        return respond(operation, error(404, 'Not Found'));
      }
    }
    const fault = faults.find((candidate) => candidate.left > 0 && (candidate.operationId === undefined || candidate.operationId === operation.operationId));
    if (fault) {
      fault.left -= 1;
      return respond(operation, faultAnswer(fault, documentationUrl));
    }
    remaining = Math.max(0, remaining - 1);
    const { owner, repo } = matched.pathParams;
    if (owner !== undefined && (owner !== options.owner || repo !== options.repo)) return respond(operation, error(404, 'Not Found'));
    if (grant.repositoryAccess === false) return respond(operation, error(404, 'Not Found'));
    if (checked.problems.length > 0) {
      return respond(operation, {
        status: 422,
        body: githubErrorBody({ status: 422, message: `Invalid request.\n\n${checked.problems.join('\n')}`, documentationUrl }),
      });
    }
    const needs = NEEDS[operation.operationId];
    if (needs && !needs.some(([permission, level]) => allows(grant, permission, level))) {
      const noun = grant.kind === 'fine-grained' ? 'personal access token' : 'integration';
      return respond(operation, error(403, `Resource not accessible by ${noun}`, { 'x-accepted-github-permissions': needs.map(([p, l]) => `${p}=${l}`).join('; ') }));
    }
    const login = grant.login ?? DEFAULT_LOGIN;
    const result = handleGithubOperation(state, {
      operation,
      params: { ...checked.params },
      body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
      url: parsed,
      login,
      tokenKind: grant.kind ?? 'installation',
    });
    if (!result) {
      violation('unmodelled', operation.operationId, [
        `GitHub has ${operation.operationId} but the fake does not model it yet (it models: ${MODELLED_OPERATIONS.join(', ')}); add it to handle-github-operation.ts`,
      ]);
      record.status = 501;
      return send(res, 501, githubErrorBody({ status: 501, message: `fake GitHub does not model ${operation.operationId}`, documentationUrl }), objects.headers(remaining));
    }
    return respond(operation, result);

    function respond(op: GithubOperation, result: GithubAnswer): void {
      const rewrite = rewrites.find((candidate) => candidate.left > 0 && candidate.operationId === op.operationId);
      if (rewrite && result.status < 300) {
        rewrite.left -= 1;
        result = { ...result, body: rewrite.rewrite(structuredClone(result.body)) };
      }
      const pointer = op.responses[String(result.status)] ?? (result.status >= 400 ? BASIC_ERROR : undefined);
      const problems =
        pointer === undefined
          ? [`GitHub's description has no ${result.status} answer for ${op.operationId} (it has: ${Object.keys(op.responses).join(', ')})`]
          : pointer === null
            ? result.body === undefined
              ? []
              : [`a ${result.status} answer of ${op.operationId} has no body`]
            : validator.check(pointer, result.body);
      if (problems.length > 0) {
        violation(
          'response',
          op.operationId,
          problems.map((problem) => `${result.status} answer ${problem}`),
        );
        return reply(op, {
          status: 500,
          body: githubErrorBody({ status: 500, message: `fake GitHub's answer broke GitHub's schema: ${problems[0]}`, documentationUrl: op.documentationUrl }),
        });
      }
      return reply(op, result);
    }
  }

  const fake: FakeGithub = {
    url,
    requests,
    get violations() {
      return violations;
    },
    operations: MODELLED_OPERATIONS,
    pulls: state.pulls,
    reviews: state.reviews,
    comments: state.comments,
    checkRuns: state.checkRuns,
    statuses: state.statuses,
    addPull: (seed) =>
      addPull(state, { head: seed.head, base: seed.base ?? state.defaultBranch, title: seed.title, body: seed.body ?? null, user: seed.user ?? 'octocat', draft: seed.draft }),
    addReview(seed) {
      const pull = state.pulls.find((candidate) => candidate.number === seed.pull);
      if (!pull) throw new Error(`fake GitHub: no pull request #${seed.pull}`);
      return addReview(state, { pull: seed.pull, user: seed.user, state: seed.state, body: seed.body ?? '', commitId: seed.commitId ?? state.refresh(pull).headSha });
    },
    addComment: (seed) => addComment(state, seed),
    addCheckRun: (seed) =>
      addCheckRun(state, {
        headSha: seed.sha,
        name: seed.name,
        status: seed.status ?? (seed.conclusion ? 'completed' : 'queued'),
        conclusion: seed.conclusion ?? null,
        app: seed.app ?? 'github-actions',
        detailsUrl: seed.detailsUrl ?? null,
        title: null,
        summary: null,
      }),
    addStatus: (seed) =>
      addStatus(state, {
        sha: seed.sha,
        context: seed.context,
        state: seed.state,
        description: seed.description ?? null,
        targetUrl: seed.targetUrl ?? null,
        creator: seed.creator ?? DEFAULT_LOGIN,
      }),
    mergePull(merge) {
      const pull = state.pulls.find((candidate) => candidate.number === merge.number);
      if (!pull || pull.state !== 'open') throw new Error(`fake GitHub: no open pull request #${merge.number}`);
      const landed = mergePull(state, {
        pull,
        method: merge.method ?? 'merge',
        mergedBy: merge.by ?? 'octocat',
        queue: merge.queue,
        commitTitle: merge.commitTitle,
        commitMessage: merge.commitMessage,
      });
      if (!landed.landed) throw new Error(`fake GitHub: pull request #${merge.number} cannot land (${landed.reason})`);
      return { sha: landed.sha };
    },
    closePull(number) {
      const pull = state.pulls.find((candidate) => candidate.number === number);
      if (!pull) throw new Error(`fake GitHub: no pull request #${number}`);
      state.refresh(pull);
      pull.state = 'closed';
      pull.closedAt = state.now();
      pull.updatedAt = pull.closedAt;
    },
    injectFault: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    rewriteResponse: (rewrite) => rewrites.push({ operationId: rewrite.operationId, rewrite: rewrite.rewrite, left: rewrite.times ?? 1 }),
    takeViolations() {
      const taken = violations;
      violations = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(() => {
          if (violations.length === 0) return resolve();
          const lines = violations.map((v) => `- ${v.kind} ${v.method} ${v.url} (${v.operationId ?? 'no operation'}): ${v.problems.join('; ')}`);
          reject(new Error(`fake GitHub recorded ${violations.length} violation(s) of GitHub's API description:\n${lines.join('\n')}`));
        });
      }),
  };
  return fake;
}

function allows(grant: FakeGithubGrant, permission: GithubPermission, level: 'read' | 'write'): boolean {
  if (permission === 'metadata') return true;
  const granted = grant.permissions?.[permission] ?? (grant.permissions ? 'none' : 'write');
  return granted === 'write' || (granted === 'read' && level === 'read');
}

function faultAnswer(fault: FakeGithubFault, documentationUrl: string): GithubAnswer {
  if (fault.kind === 'secondary-rate-limit') {
    const status = fault.status ?? 403;
    return {
      status,
      body: githubErrorBody({
        status,
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
        documentationUrl: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      }),
      headers: { 'retry-after': String(fault.retryAfter ?? 60) },
    };
  }
  if (fault.kind === 'primary-rate-limit') {
    const status = fault.status ?? 403;
    return {
      status,
      body: githubErrorBody({
        status,
        message: 'API rate limit exceeded for installation ID 1000.',
        documentationUrl: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
      }),
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': '1735693200' },
    };
  }
  const status = fault.status ?? 502;
  return { status, body: githubErrorBody({ status, message: 'Server Error', documentationUrl }) };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
