import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

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
  /** How many responses with this HTTP status the server has sent so far (read synchronously). */
  count(status: number): number;
  /** Stop accepting requests, kill running backends, close open connections. */
  close(): Promise<void>;
}

/** What the worker thread receives. */
interface ServerConfig {
  root: string;
  token: string | null;
  delayMs: number;
  counters: SharedArrayBuffer;
}

/**
 * Serve the repositories under `root` over git's smart HTTP protocol on 127.0.0.1 (a free
 * port), by running the real `git http-backend` as a CGI program for every request. Pushes
 * are enabled (`REMOTE_USER` is always set). Only loopback clients are answered.
 *
 * The server runs in a worker thread, so tests may call the synchronous `git()` helper (which
 * blocks the main thread) against it without deadlocking.
 *
 * @example
 * ```ts
 * const server = await startGitHttpServer({ root, token: 's3cret' });
 * git(work, ['push', server.url('origin.git').replace('http://', 'http://x:s3cret@'), 'main']);
 * await server.close();
 * ```
 */
export async function startGitHttpServer(options: StartGitHttpServerOptions): Promise<GitHttpServer> {
  const counters = new SharedArrayBuffer(600 * Int32Array.BYTES_PER_ELEMENT);
  const config: ServerConfig = {
    root: resolve(options.root),
    token: options.token ?? null,
    delayMs: options.delayMs ?? 0,
    counters,
  };
  const source = [
    "const { parentPort, workerData } = require('node:worker_threads');",
    `const serve = ${serveGitHttp.toString()};`,
    'serve(workerData).then(',
    "  (control) => { parentPort.postMessage({ port: control.port }); parentPort.on('message', () => control.close().then(() => parentPort.close())); },",
    '  (error) => { throw error; });',
  ].join('\n');
  const worker = new Worker(source, { eval: true, workerData: config });
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  const port = await new Promise<number>((done, fail) => {
    worker.once('message', (message: { port: number }) => done(message.port));
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`git http server worker exited ${code} before listening`)));
  });
  const statuses = new Int32Array(counters);
  let closing: Promise<void> | null = null;
  return {
    url: (repoName) => `http://127.0.0.1:${port}/${repoName.replace(/^\/+/, '')}`,
    count: (status) => (status >= 0 && status < statuses.length ? Atomics.load(statuses, status) : 0),
    close() {
      closing ??= (async () => {
        worker.postMessage('close');
        const timer = setTimeout(() => void worker.terminate(), 2_000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}

/**
 * The server itself. It runs inside the worker from its source text, so it must not use
 * anything from this module's scope: only its argument and `require`.
 */
async function serveGitHttp(config: ServerConfig): Promise<{ port: number; close(): Promise<void> }> {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const { timingSafeEqual } = require('node:crypto') as typeof import('node:crypto');
  const http = require('node:http') as typeof import('node:http');
  type IncomingMessage = import('node:http').IncomingMessage;
  type ServerResponse = import('node:http').ServerResponse;
  type ChildProcess = import('node:child_process').ChildProcess;

  const children = new Set<ChildProcess>();
  const statuses = new Int32Array(config.counters);
  const count = (status: number): void => {
    if (status >= 0 && status < statuses.length) Atomics.add(statuses, status, 1);
  };
  const reply = (res: ServerResponse, status: number, headers: Record<string, string>, body: string): void => {
    count(status);
    res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
    res.end(body);
  };

  /** The user name to pass as `REMOTE_USER`, or `null` when the request is not authorized. */
  const authenticate = (authorization: string | undefined): string | null => {
    if (config.token === null) return 'anonymous';
    const match = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
    if (!match?.[1]) return null;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const given = Buffer.from(decoded.slice(colon + 1), 'utf8');
    const expected = Buffer.from(config.token, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return decoded.slice(0, colon) || 'token';
  };

  const isLoopback = (address: string | undefined): boolean => address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));

  const findHeaderEnd = (buffer: Buffer): { at: number; length: number } | null => {
    const crlf = buffer.indexOf('\r\n\r\n');
    const lf = buffer.indexOf('\n\n');
    if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
    if (lf >= 0) return { at: lf, length: 2 };
    return null;
  };

  const parseCgiHeaders = (text: string): { status: number; headers: Record<string, string> } => {
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
  };

  const runBackend = (req: IncomingMessage, res: ServerResponse, pathInfo: string, query: string, user: string): void => {
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: config.root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: query,
      PATH_INFO: pathInfo,
      REMOTE_USER: user,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    };
    const optional: [string, string | undefined][] = [
      ['CONTENT_TYPE', header('content-type')],
      // Without it (chunked bodies) http-backend reads the body until end of input.
      ['CONTENT_LENGTH', header('content-length')],
      ['HTTP_CONTENT_ENCODING', header('content-encoding')],
      ['GIT_PROTOCOL', header('git-protocol')],
    ];
    for (const [name, value] of optional) if (value) env[name] = value;

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
      const parsed = parseCgiHeaders(head.subarray(0, split.at).toString('latin1'));
      count(parsed.status);
      res.writeHead(parsed.status, parsed.headers);
      const rest = head.subarray(split.at + split.length);
      if (rest.length > 0) res.write(rest);
    });
    child.on('error', (error) => {
      children.delete(child);
      if (!res.headersSent) reply(res, 500, {}, `git http-backend failed to start: ${error.message}\n`);
      else res.end();
    });
    child.on('close', (code) => {
      children.delete(child);
      if (headersDone) res.end();
      else if (!res.headersSent) reply(res, 500, {}, `git http-backend exited ${code}: ${Buffer.concat(stderr).toString('utf8')}\n`);
    });
    res.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopback(req.socket.remoteAddress)) {
      req.resume();
      reply(res, 403, {}, 'loopback only\n');
      return;
    }
    if (config.delayMs > 0) await new Promise((done) => setTimeout(done, config.delayMs));
    const user = authenticate(req.headers.authorization);
    if (user === null) {
      req.resume();
      reply(res, 401, { 'WWW-Authenticate': 'Basic realm="relctl-test"' }, 'authentication required\n');
      return;
    }
    // Read the raw target (`new URL` would silently resolve `..`): refuse any `..` segment.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    let pathInfo: string;
    try {
      pathInfo = decodeURIComponent(queryAt < 0 ? target : target.slice(0, queryAt));
    } catch {
      pathInfo = '/..';
    }
    if (!pathInfo.startsWith('/') || pathInfo.split('/').includes('..')) {
      req.resume();
      reply(res, 400, {}, 'bad path\n');
      return;
    }
    runBackend(req, res, pathInfo, queryAt < 0 ? '' : target.slice(queryAt + 1), user);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, {}, `internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      else res.end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        for (const child of children) child.kill();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
