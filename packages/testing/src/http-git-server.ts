import { spawn, type ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** Options of {@link startGitHttpServer}. */
export interface StartGitHttpServerOptions {
  /** Folder holding the served repositories (bare or not); `url('x.git')` serves `<root>/x.git`. */
  root: string;
  /**
   * When set, every request must carry `Authorization: Basic ...` whose password is this token
   * (any user name); otherwise the server answers 401 with `WWW-Authenticate: Basic`.
   */
  token?: string;
  /** Wait this long before handling each request (widens race windows in tests). */
  delayMs?: number;
}

/** A running {@link startGitHttpServer}. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>/<repoName>`: the clone URL of `<root>/<repoName>`. */
  url(repoName: string): string;
  /** How many requests the server has answered with each status so far (e.g. `{ 200: 4, 401: 1 }`). */
  readonly statusCounts: Readonly<Record<number, number>>;
  /** Stop accepting requests, kill running backends, close open connections. */
  close(): Promise<void>;
}

/**
 * Serve the repositories under `root` over git's smart HTTP protocol on 127.0.0.1 (a free
 * port), by running the real `git http-backend` as a CGI program for every request. Pushes
 * are enabled (`REMOTE_USER` is always set). Only loopback clients are answered.
 *
 * @example
 * ```ts
 * const server = await startGitHttpServer({ root: bare.dir + '/..', token: 's3cret' });
 * git(work, ['push', server.url('origin.git').replace('//', '//x:s3cret@'), 'main']);
 * await server.close();
 * ```
 */
export async function startGitHttpServer(options: StartGitHttpServerOptions): Promise<GitHttpServer> {
  const root = resolve(options.root);
  const children = new Set<ChildProcess>();
  const statusCounts: Record<number, number> = {};
  const count = (status: number): void => {
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      count(500);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress)) {
      count(403);
      res.writeHead(403).end();
      return;
    }
    if (options.delayMs) await new Promise((done) => setTimeout(done, options.delayMs));
    const user = authenticate(req.headers.authorization, options.token);
    if (user === null) {
      count(401);
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="relctl-test"', 'Content-Type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathInfo = decodeURIComponent(url.pathname);
    if (pathInfo.split('/').includes('..')) {
      count(400);
      req.resume();
      res.writeHead(400).end();
      return;
    }
    runBackend(req, res, pathInfo, url.search.replace(/^\?/, ''), user);
  }

  function runBackend(req: IncomingMessage, res: ServerResponse, pathInfo: string, query: string, user: string): void {
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: query,
      PATH_INFO: pathInfo,
      REMOTE_USER: user,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    };
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const contentType = header('content-type');
    const contentLength = header('content-length');
    const contentEncoding = header('content-encoding');
    const protocol = header('git-protocol');
    if (contentType) env['CONTENT_TYPE'] = contentType;
    if (contentLength) env['CONTENT_LENGTH'] = contentLength;
    if (contentEncoding) env['HTTP_CONTENT_ENCODING'] = contentEncoding;
    if (protocol) env['GIT_PROTOCOL'] = protocol;

    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined); // the backend may exit before reading the whole body
    req.pipe(child.stdin);

    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const split = findHeaderEnd(head);
      if (!split) return;
      headersDone = true;
      const { status, headers } = parseCgiHeaders(head.subarray(0, split.at).toString('latin1'));
      count(status);
      res.writeHead(status, headers);
      const rest = head.subarray(split.at + split.length);
      if (rest.length > 0) res.write(rest);
    });
    child.on('error', (error) => {
      children.delete(child);
      if (!res.headersSent) {
        count(500);
        res.writeHead(500, { 'Content-Type': 'text/plain' });
      }
      res.end(`git http-backend failed to start: ${error.message}\n`);
    });
    child.on('close', (code) => {
      children.delete(child);
      if (!headersDone) {
        count(500);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend exited ${code}: ${Buffer.concat(stderr).toString('utf8')}\n`);
        return;
      }
      res.end();
    });
    res.on('close', () => {
      if (child.exitCode === null) child.kill();
    });
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: (repoName) => `http://127.0.0.1:${port}/${repoName.replace(/^\/+/, '')}`,
    statusCounts,
    close: () =>
      new Promise<void>((done) => {
        for (const child of children) child.kill();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The user name to pass as `REMOTE_USER`, or `null` when the request is not authorized. */
function authenticate(authorization: string | undefined, token: string | undefined): string | null {
  if (token === undefined) return 'anonymous';
  const match = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const given = Buffer.from(decoded.slice(colon + 1), 'utf8');
  const expected = Buffer.from(token, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return decoded.slice(0, colon) || 'token';
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}

function findHeaderEnd(buffer: Buffer): { at: number; length: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
