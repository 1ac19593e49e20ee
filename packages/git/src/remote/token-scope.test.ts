import { createServer, type IncomingMessage, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@relctl/core';
import { createTempRepo, git, makeTempDir, startGitHttpServer, type GitHttpServer } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../repo/index.js';
import { createIsomorphicRemote } from './create-isomorphic-remote.js';
import { mayReceiveToken } from './token-scope.js';

const TOKEN = 'ghs_token-that-must-stay-home-7c1f';

/** A loopback HTTP server that records every Authorization header and answers as `respond` says. */
async function recordingServer(host: string, respond: (request: IncomingMessage) => { status: number; headers?: Record<string, string> }) {
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request.headers.authorization ?? '(none)');
    const { status, headers = {} } = respond(request);
    response.writeHead(status, headers);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { seen, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const basic = (token: string) => Buffer.from(`x-access-token:${token}`).toString('base64');
const unauthorized = () => ({ status: 401, headers: { 'www-authenticate': 'Basic realm="git"' } });

describe('mayReceiveToken: HTTPS only, only to the token host', () => {
  it.each([
    ['https://github.com/acme/shop.git', {}, true],
    ['https://GitHub.com:443/acme/shop.git', {}, true],
    ['http://github.com/acme/shop.git', {}, false],
    ['https://evil.example/acme/shop.git', {}, false],
    ['https://github.com.evil.example/x.git', {}, false],
    ['https://git.corp.example/x.git', { GITHUB_SERVER_URL: 'https://git.corp.example' }, true],
    ['https://git.corp.example/x.git', { RELCTL_GIT_TOKEN_HOST: 'git.corp.example' }, true],
    ['https://github.com/x.git', { RELCTL_GIT_TOKEN_HOST: 'git.corp.example' }, false],
    ['https://git.corp.example:8443/x.git', { RELCTL_GIT_TOKEN_HOST: 'git.corp.example' }, false],
    ['https://git.corp.example:8443/x.git', { RELCTL_GIT_TOKEN_HOST: 'git.corp.example:8443' }, true],
    ['http://git.corp.example/x.git', { RELCTL_GIT_TOKEN_HOST: 'git.corp.example' }, false],
    ['http://127.0.0.1:18081/x.git', {}, false],
    ['http://127.0.0.1:18081/x.git', { RELCTL_GIT_TOKEN_HOST: '127.0.0.1:18081' }, true],
    ['http://127.0.0.1:18082/x.git', { RELCTL_GIT_TOKEN_HOST: '127.0.0.1:18081' }, false],
  ] as const)('%s with %j: %s', (url, env, expected) => {
    expect(mayReceiveToken({ url, env })).toBe(expected);
  });
});

// Issue 15, finding 4: with GITHUB_TOKEN set and a remote http://127.0.0.1:<port>/x.git that
// answers 401, relctl sent "Basic x-access-token:<token>"; the system git sent nothing.
describe('the embedded git sends a token only where it belongs', () => {
  let root: string;
  let clone: string;
  let served: GitHttpServer;

  beforeAll(async () => {
    root = makeTempDir('token-scope');
    const seed = createTempRepo();
    seed.commit('base', { 'f.txt': 'base\n' });
    git(root, ['clone', '-q', '--bare', seed.dir, 'x.git']);
    seed.remove();
    clone = join(root, 'clone');
    git(root, ['clone', '-q', join(root, 'x.git'), clone]);
    served = await startGitHttpServer({ root, token: TOKEN });
  });
  afterAll(async () => {
    await served?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function fetchWith(url: string, env: Record<string, string>): Promise<unknown> {
    git(clone, ['remote', 'set-url', 'origin', url]);
    const remote = createIsomorphicRemote({ repo: await openRepository({ cwd: clone }), env });
    return remote.fetch('origin').then(
      () => null,
      (error: unknown) => error,
    );
  }

  it('the attack: a plain-HTTP remote answering 401 gets no token, and the error says how to name a host', async () => {
    const server = await recordingServer('127.0.0.1', unauthorized);
    try {
      for (const variable of ['GITHUB_TOKEN', 'GH_TOKEN', 'RELCTL_GIT_TOKEN']) {
        const error = await fetchWith(`http://127.0.0.1:${server.port}/x.git`, { [variable]: TOKEN });
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain('RELCTL_GIT_TOKEN_HOST');
        expect((error as Error).message).not.toContain(TOKEN);
      }
      expect(server.seen.length).toBeGreaterThan(0);
      expect(server.seen.every((header) => header === '(none)')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a loopback host named in RELCTL_GIT_TOKEN_HOST gets it (the local test server takes it)', async () => {
    const url = served.url('x.git');
    const host = new URL(url).host;
    expect(await fetchWith(url, { GITHUB_TOKEN: TOKEN })).toBeInstanceOf(ConfigError);
    expect(await fetchWith(url, { GITHUB_TOKEN: TOKEN, RELCTL_GIT_TOKEN_HOST: host })).toBeNull();
  });

  it.each(['127.0.0.1', 'localhost'])('never after a redirect to another host or port (%s)', async (otherHost) => {
    const elsewhere = await recordingServer(otherHost === 'localhost' ? '127.0.0.1' : otherHost, unauthorized);
    const home = await recordingServer('127.0.0.1', (request) => ({
      status: 302,
      headers: { location: `http://${otherHost}:${elsewhere.port}${request.url ?? '/'}` },
    }));
    try {
      const error = await fetchWith(`http://127.0.0.1:${home.port}/x.git`, { GITHUB_TOKEN: TOKEN, RELCTL_GIT_TOKEN_HOST: `127.0.0.1:${home.port}` });
      expect(error).toBeInstanceOf(ConfigError);
      // The named host got the token; the host it redirected to never did.
      expect(home.seen).toContain(`Basic ${basic(TOKEN)}`);
      expect(elsewhere.seen.length).toBeGreaterThan(0);
      expect(elsewhere.seen.filter((header) => header !== '(none)')).toEqual([]);
    } finally {
      await Promise.all([home.close(), elsewhere.close()]);
    }
  });
});
