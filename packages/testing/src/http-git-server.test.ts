import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, git, gitResult, makeTempDir, startGitHttpServer, type GitHttpServer } from './index.js';

describe('startGitHttpServer', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A root folder with a bare `origin.git` holding one commit on main. */
  function seededRoot(): { root: string; head: string } {
    const root = makeTempDir('http-root');
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const work = createTempRepo();
    cleanups.push(() => work.remove());
    const head = work.commit('init', { 'a.txt': 'one\n' });
    git(root, ['clone', '-q', '--bare', work.dir, 'origin.git']);
    return { root, head };
  }

  async function serve(root: string, token?: string): Promise<GitHttpServer> {
    const server = await startGitHttpServer(token === undefined ? { root } : { root, token });
    cleanups.push(() => server.close());
    return server;
  }

  it('serves clone and push to the real git client', async () => {
    const { root, head } = seededRoot();
    const server = await serve(root);
    expect(server.url('origin.git')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/origin\.git$/);

    const clones = makeTempDir('http-clone');
    cleanups.push(() => rmSync(clones, { recursive: true, force: true }));
    git(clones, ['clone', '-q', server.url('origin.git'), 'c']);
    const clone = join(clones, 'c');
    expect(git(clone, ['rev-parse', 'HEAD'])).toBe(head);

    git(clone, ['commit', '-q', '--allow-empty', '-m', 'second']);
    const second = git(clone, ['rev-parse', 'HEAD']);
    // Large enough that git sends the body chunked (no Content-Length) and gzip-free.
    git(clone, ['push', '-q', 'origin', 'main', 'main:refs/relctl/log']);
    expect(git(join(root, 'origin.git'), ['rev-parse', 'main', 'refs/relctl/log'])).toBe(`${second}\n${second}`);
    expect(server.count(200)).toBeGreaterThan(0);
  });

  it('requires the token as Basic password when one is set', async () => {
    const { root, head } = seededRoot();
    const server = await serve(root, 'tok-123');
    const clones = makeTempDir('http-clone');
    cleanups.push(() => rmSync(clones, { recursive: true, force: true }));

    const denied = gitResult(clones, ['clone', '-q', server.url('origin.git'), 'a'], { allowFailure: true });
    expect(denied.status).not.toBe(0);
    expect(server.count(401)).toBeGreaterThan(0);

    const wrong = server.url('origin.git').replace('http://', 'http://x:nope@');
    expect(gitResult(clones, ['clone', '-q', wrong, 'b'], { allowFailure: true }).status).not.toBe(0);

    const right = server.url('origin.git').replace('http://', 'http://x-access-token:tok-123@');
    git(clones, ['clone', '-q', right, 'c']);
    expect(git(join(clones, 'c'), ['rev-parse', 'HEAD'])).toBe(head);
    git(join(clones, 'c'), ['push', '-q', 'origin', 'HEAD:refs/heads/copy']);
    expect(git(join(root, 'origin.git'), ['rev-parse', 'copy'])).toBe(head);
  });

  it('answers 404 for a repository that does not exist and refuses path escapes', async () => {
    const { root } = seededRoot();
    const server = await serve(root);
    const missing = await fetch(`${server.url('nope.git')}/info/refs?service=git-upload-pack`);
    expect(missing.status).toBe(404);
    // fetch() would normalise the `..` away; send the raw path.
    const { port } = new URL(server.url(''));
    const status = await new Promise<number | undefined>((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path: '/sub/../origin.git/info/refs?service=git-upload-pack' }, (res) => {
        res.resume();
        done(res.statusCode);
      });
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(400);
    expect(server.count(400)).toBe(1);
  });
});
