import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startBoardServer, type BoardServer } from './start-board-server.js';

/** One HTTP request with a chosen Host header (fetch does not let a test set it). */
function get(url: string, options: { method?: string; host?: string; path?: string } = {}): Promise<{ status: number; type: string; body: string }> {
  const target = new URL(options.path ?? '/', url);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startBoardServer', () => {
  let server: BoardServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the page on loopback, rendered afresh for every request', async () => {
    let renders = 0;
    server = await startBoardServer({ port: 0, render: async () => `<p>render ${++renders}</p>` });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(server.url)).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<p>render 1</p>' });
    expect((await get(server.url, { path: '/index.html' })).body).toBe('<p>render 2</p>');
    expect(renders).toBe(2);
  });

  it('answers 404 elsewhere, 405 to other methods, 421 to a foreign Host, 500 when rendering fails', async () => {
    let fail = false;
    const errors: unknown[] = [];
    server = await startBoardServer({
      port: 0,
      render: async () => {
        if (fail) throw new Error('not a git repository');
        return 'ok';
      },
      onError: (error) => errors.push(error),
    });
    expect((await get(server.url, { path: '/favicon.ico' })).status).toBe(404);
    expect((await get(server.url, { method: 'POST' })).status).toBe(405);
    expect((await get(server.url, { host: 'evil.example:80' })).status).toBe(421);
    expect((await get(server.url, { host: `localhost:${new URL(server.url).port}` })).status).toBe(200);
    fail = true;
    const failed = await get(server.url);
    expect(failed.status).toBe(500);
    expect(failed.body).toContain('not a git repository');
    expect(errors).toHaveLength(1);
  });

  it('refuses a port that is taken with a usage error naming --port', async () => {
    server = await startBoardServer({ port: 0, render: async () => 'ok' });
    const port = Number(new URL(server.url).port);
    await expect(startBoardServer({ port, render: async () => 'ok' })).rejects.toMatchObject({ code: 'UsageError', message: expect.stringContaining('--port') });
  });
});
