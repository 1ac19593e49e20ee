/**
 * A stand-in for GitHub's REST API on 127.0.0.1, for tests only (`*.spec.ts`: not run by vitest,
 * not built into the library). It answers the pull-request calls relctl makes and records every
 * request it receives, so tests assert on what the real `@octokit/rest` sent.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, `null` without one. */
  body: unknown;
}

/** A pull request the server holds. */
export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
}

/** Options of {@link startFakeGithub}. */
export interface StartFakeGithubOptions {
  owner: string;
  repo: string;
  /** When set, every request must carry `Authorization: token <it>` (or `Bearer`); else 401. */
  token?: string;
}

/** A running fake GitHub. */
export interface FakeGithub {
  /** Base URL for `RELCTL_GITHUB_API_URL`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Pull requests, by creation order. */
  pulls: FakePull[];
  close(): Promise<void>;
}

/**
 * Start the fake on a free loopback port. Endpoints: `GET /repos/{o}/{r}/pulls` (filters `head`
 * as `owner:branch`, `base`, `state`), `POST /repos/{o}/{r}/pulls` (422 when one is open for the
 * same head and base), `PATCH /repos/{o}/{r}/pulls/{n}`; anything else 404.
 *
 * @example
 * ```ts
 * const github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: 'secret' });
 * // RELCTL_GITHUB_API_URL=github.url … then: github.requests, github.pulls
 * await github.close();
 * ```
 */
export async function startFakeGithub(options: StartFakeGithubOptions): Promise<FakeGithub> {
  const requests: RecordedRequest[] = [];
  const pulls: FakePull[] = [];
  const prefix = `/repos/${options.owner}/${options.repo}/pulls`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      answer(recorded, res);
    });
  });

  function answer(request: RecordedRequest, res: ServerResponse): void {
    if (options.token !== undefined) {
      const auth = String(request.headers.authorization ?? '');
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) {
        return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      }
    }
    const input = (request.body ?? {}) as Partial<Record<'title' | 'body' | 'head' | 'base', string>>;
    if (request.method === 'GET' && request.path === prefix) {
      const state = request.query.state ?? 'open';
      const found = pulls.filter(
        (pull) =>
          (state === 'all' || pull.state === state) &&
          (request.query.head === undefined || `${options.owner}:${pull.head}` === request.query.head) &&
          (request.query.base === undefined || pull.base === request.query.base),
      );
      return send(res, 200, found.map(json));
    }
    if (request.method === 'POST' && request.path === prefix) {
      if (!input.title || !input.head || !input.base) return send(res, 422, { message: 'Validation Failed', errors: [{ message: 'title, head and base are required' }] });
      if (pulls.some((pull) => pull.state === 'open' && pull.head === input.head && pull.base === input.base)) {
        return send(res, 422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${options.owner}:${input.head}.` }] });
      }
      const pull: FakePull = { number: pulls.length + 1, title: input.title, body: input.body ?? '', head: input.head, base: input.base, state: 'open' };
      pulls.push(pull);
      return send(res, 201, json(pull));
    }
    const patch = request.path.match(/^(.*)\/(\d+)$/);
    if (request.method === 'PATCH' && patch && patch[1] === prefix) {
      const pull = pulls.find((candidate) => candidate.number === Number(patch[2]));
      if (!pull) return send(res, 404, { message: 'Not Found' });
      if (input.title !== undefined) pull.title = input.title;
      if (input.body !== undefined) pull.body = input.body;
      return send(res, 200, json(pull));
    }
    return send(res, 404, { message: 'Not Found' });
  }

  function json(pull: FakePull) {
    return {
      number: pull.number,
      html_url: `https://github.example/${options.owner}/${options.repo}/pull/${pull.number}`,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      head: { ref: pull.head, label: `${options.owner}:${pull.head}` },
      base: { ref: pull.base, label: `${options.owner}:${pull.base}` },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pulls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
