import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '@relctl/core';

/** The only address the board listens on: it shows a repository's state, so never beyond this machine. */
const LOOPBACK = '127.0.0.1';

/** Options of {@link startBoardServer}. */
export interface StartBoardServerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Makes the page; called afresh for every request of it. */
  render: () => Promise<string>;
  /** Told about a page that failed to render (the browser gets a 500). */
  onError?: (error: unknown) => void;
}

/** A running board server. */
export interface BoardServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * Serve the board on the loopback interface: `GET /` renders the page afresh each time (so a
 * reload shows the repository as it is now), one render at a time; anything else is 404 or 405.
 * Requests whose `Host` is not this loopback address are refused (a web page cannot reach the
 * board through DNS rebinding).
 *
 * @example
 * ```ts
 * const server = await startBoardServer({ port: 0, render: async () => renderBoard(data) });
 * console.log(server.url); // http://127.0.0.1:43817/
 * await server.close();
 * ```
 */
export async function startBoardServer(options: StartBoardServerOptions): Promise<BoardServer> {
  let queue: Promise<unknown> = Promise.resolve();
  let allowedHosts: string[] = [];
  const text = (response: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...extra });
    response.end(body);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHosts.includes(request.headers.host ?? '')) return text(response, 421, 'This board answers only on its loopback address.\n');
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/' && path !== '/index.html') return text(response, 404, 'Not found: the board is at /.\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(response, 405, 'Only GET.\n', { Allow: 'GET, HEAD' });
    const rendering = queue.then(options.render);
    queue = rendering.catch(() => undefined);
    try {
      const html = await rendering;
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(html)), ...SECURITY_HEADERS });
      response.end(request.method === 'HEAD' ? undefined : html);
    } catch (error) {
      options.onError?.(error);
      text(response, 500, `The board could not be made: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new UsageError(`Port ${options.port} on ${LOOPBACK} is not available (${error.code}); pick another with --port, or --port 0 for any free one.`, {
              port: options.port,
              code: error.code,
            })
          : error,
      );
    });
    server.listen(options.port, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = [`${LOOPBACK}:${port}`, `localhost:${port}`];
  return {
    url: `http://${LOOPBACK}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
