import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, NotFoundError, RelctlError, RemoteRaceError, StateError, UsageError } from '@relctl/core';
import { createTempRepo, git, gitResult, makeTempDir, openTempRepo, startGitHttpServer, type GitHttpServer, type TempRepo } from '@relctl/testing';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../repo/index.js';
import { createIsomorphicRemote } from './create-isomorphic-remote.js';

const TOKEN = 'tok-Zq81-very-secret-value';

let root: string;
let server: GitHttpServer;
let guarded: GitHttpServer;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  root = makeTempDir('iso-remote-root');
  [server, guarded] = await Promise.all([startGitHttpServer({ root, delayMs: 5 }), startGitHttpServer({ root, token: TOKEN })]);
});
afterAll(async () => {
  await Promise.all([server.close(), guarded.close()]);
  rmSync(root, { recursive: true, force: true });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let counter = 0;

interface Fixture {
  name: string;
  bare: TempRepo;
  base: string;
  clone(label: string, url?: string): TempRepo;
}

/** `<root>/<name>.git` holding `main` and `refs/relctl/log` at one commit, and a way to clone it. */
function setup(): Fixture {
  counter += 1;
  const name = `r${counter}.git`;
  const seed = createTempRepo();
  cleanups.push(() => seed.remove());
  const base = seed.commit('base', { 'f.txt': 'base\n' });
  seed.git(['update-ref', 'refs/relctl/log', base]);
  git(root, ['clone', '-q', '--bare', seed.dir, name]);
  const bare = openTempRepo(join(root, name));
  bare.git(['update-ref', 'refs/relctl/log', base]);
  return {
    name,
    bare,
    base,
    clone(label, url = server.url(name)) {
      const dir = join(makeTempDir(label), 'clone');
      git(root, ['clone', '-q', bare.dir, dir]);
      git(dir, ['remote', 'set-url', 'origin', url]);
      const repo = openTempRepo(dir);
      cleanups.push(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
      return repo;
    },
  };
}

async function remoteFor(clone: TempRepo, options: { env?: Record<string, string>; http?: HttpClient } = {}) {
  const repo = await openRepository({ cwd: clone.dir });
  return createIsomorphicRemote({ repo, env: options.env ?? {}, ...(options.http ? { http: options.http } : {}) });
}

function refs(repo: TempRepo, ...patterns: string[]): string[] {
  return repo
    .git(['for-each-ref', '--format=%(refname) %(objectname)', ...patterns])
    .split('\n')
    .filter(Boolean);
}

/** The real node transport, with `before` run ahead of each request it matches. */
function intercept(match: (request: GitHttpRequest) => boolean, before: () => void): HttpClient {
  return {
    request: async (request) => {
      if (match(request)) before();
      return nodeHttp.request(request);
    },
  };
}

/** Caught rejection of `promise` (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<RelctlError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RelctlError);
  return error as RelctlError;
}

describe('createIsomorphicRemote: fetch', () => {
  it('maps branches, tags and refs/relctl/* like the system backend, prunes gone copies, and gets every object', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const two = fx.clone('two');
    const side = two.commit('side', { 's.txt': 's\n' });
    // An orphan relctl ref shares no history with the branches: it needs its own download.
    const orphanTree = two.git(['mktree'], '');
    const orphan = two.git(['commit-tree', orphanTree, '-m', 'orphan log'], '');
    two.git(['tag', '-a', 'v1.0.0', '-m', 'v1', side]);
    two.git(['push', '-q', fx.bare.dir, `${side}:refs/heads/req/A`, `${side}:refs/relctl/log`, `${orphan}:refs/relctl/other`, 'v1.0.0']);
    one.git(['tag', 'local-only', fx.base]);
    one.git(['update-ref', 'refs/remotes/origin/gone', fx.base]);
    one.git(['update-ref', 'refs/remotes/origin/relctl/gone', fx.base]);

    const remote = await remoteFor(one);
    await remote.fetch('origin');

    expect(refs(one, 'refs/remotes/', 'refs/tags/')).toEqual([
      `refs/remotes/origin/HEAD ${fx.base}`,
      `refs/remotes/origin/main ${fx.base}`,
      `refs/remotes/origin/relctl/log ${side}`,
      `refs/remotes/origin/relctl/other ${orphan}`,
      `refs/remotes/origin/req/A ${side}`,
      `refs/tags/local-only ${fx.base}`,
      `refs/tags/v1.0.0 ${fx.bare.git(['rev-parse', 'refs/tags/v1.0.0'])}`,
    ]);
    expect(refs(one, 'refs/relctl/')).toEqual([]); // the local log is not touched
    // Every fetched object is really there: git itself can walk them.
    expect(one.git(['rev-list', '--objects', 'refs/remotes/origin/relctl/other', 'refs/tags/v1.0.0', '--']).split('\n')).toContain(orphan);
    expect(one.git(['show', 'refs/remotes/origin/req/A:s.txt'])).toBe('s');
    expect(remote.trackingRef('origin', 'refs/relctl/log')).toBe('refs/remotes/origin/relctl/log');
  });

  it('moves a tag the remote moved, and downloads nothing when already up to date', async () => {
    const fx = setup();
    const one = fx.clone('one');
    one.git(['tag', 'v2', fx.base]);
    const two = fx.clone('two');
    const next = two.commit('next');
    two.git(['push', '-q', fx.bare.dir, 'main', `${next}:refs/tags/v2`]);

    const remote = await remoteFor(one);
    await remote.fetch('origin');
    expect(one.git(['rev-parse', 'refs/tags/v2', 'refs/remotes/origin/main'])).toBe(`${next}\n${next}`);
    const before = server.count(200);
    await remote.fetch('origin');
    // Only the ref listing (v2: GET info/refs + POST ls-refs), no pack negotiation.
    expect(server.count(200) - before).toBe(2);
  });

  it('leaves the tracking refs and tags as they were when the download dies midway', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const two = fx.clone('two');
    // Incompressible, so the pack spans many chunks and breaks after the refs were advertised.
    const side = two.commit('side', { 's.bin': randomBytes(400_000) });
    two.git(['tag', 'new-tag', side]);
    two.git(['push', '-q', fx.bare.dir, `${side}:refs/heads/main`, `${side}:refs/heads/req/B`, 'new-tag']);
    const before = refs(one, 'refs/remotes/', 'refs/tags/');

    // The real transport, but the pack response of the fetch breaks after 64 KiB.
    const http: HttpClient = {
      request: async (request: GitHttpRequest): Promise<GitHttpResponse> => {
        const response = await nodeHttp.request(request);
        const v1Pack = request.method === 'POST' && request.url.endsWith('/git-upload-pack') && !request.headers?.['Git-Protocol'];
        const body = response.body;
        if (!v1Pack || !body) return response;
        const broken = async function* (source: AsyncIterableIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
          let passed = 0;
          for await (const chunk of source) {
            if (passed > 64 * 1024) throw new Error('connection reset by peer');
            passed += chunk.length;
            yield chunk;
          }
          throw new Error('connection reset by peer');
        };
        return { ...response, body: broken(body) };
      },
    };
    const error = await failure((await remoteFor(one, { http })).fetch('origin'));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain('could not fetch from remote "origin"');
    expect(refs(one, 'refs/remotes/', 'refs/tags/')).toEqual(before);
    expect(gitResult(one.dir, ['fsck', '--connectivity-only', '--no-dangling'], { allowFailure: true }).status).toBe(0);

    // And a later fetch over the working transport completes it.
    await (await remoteFor(one)).fetch('origin');
    expect(one.git(['rev-parse', 'refs/remotes/origin/main', 'refs/tags/new-tag'])).toBe(`${side}\n${side}`);
  });

  it('refuses a remote branch whose copy would clash with the relctl refs', async () => {
    const fx = setup();
    fx.bare.git(['update-ref', 'refs/heads/relctl/log', fx.base]);
    const error = await failure((await remoteFor(fx.clone('one'))).fetch('origin'));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(/branch "relctl\/log".*rename that branch/);
  });
});

describe('createIsomorphicRemote: push', () => {
  it('pushes with valid leases: fast-forward, create, non-fast-forward and delete; updates the tracking refs', async () => {
    const fx = setup();
    const one = fx.clone('one');
    fx.bare.git(['update-ref', 'refs/heads/old', fx.base]);
    const next = one.commit('next', { 'f.txt': 'next\n' });
    const rewritten = one.git(['commit-tree', one.git(['rev-parse', 'HEAD^{tree}']), '-m', 'rewritten log'], '');
    const remote = await remoteFor(one);
    await remote.fetch('origin');

    await remote.push('origin', [
      { ref: 'refs/heads/main', lease: fx.base, next },
      { ref: 'refs/heads/req/new', lease: null, next },
      { ref: 'refs/relctl/log', lease: fx.base, next: rewritten },
      { ref: 'refs/heads/old', lease: fx.base, next: null },
    ]);

    expect(refs(fx.bare, 'refs/heads/', 'refs/relctl/')).toEqual([`refs/heads/main ${next}`, `refs/heads/req/new ${next}`, `refs/relctl/log ${rewritten}`]);
    expect(refs(one, 'refs/remotes/')).toEqual([
      `refs/remotes/origin/HEAD ${next}`,
      `refs/remotes/origin/main ${next}`,
      `refs/remotes/origin/relctl/log ${rewritten}`,
      `refs/remotes/origin/req/new ${next}`,
    ]);
    expect(fx.bare.git(['fsck', '--connectivity-only', '--no-dangling'])).toBe('');
  });

  it('a push of refs the remote already holds (a resumed push) moves nothing there and brings stale tracking refs up to date', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const next = one.commit('next', { 'f.txt': 'next\n' });
    const remote = await remoteFor(one);
    await remote.fetch('origin');
    await remote.push('origin', [
      { ref: 'refs/heads/main', lease: fx.base, next },
      { ref: 'refs/relctl/log', lease: fx.base, next },
    ]);
    // What a process killed after the remote's answer leaves: origin moved, the local copies did not.
    one.git(['update-ref', 'refs/remotes/origin/main', fx.base]);
    one.git(['update-ref', 'refs/remotes/origin/relctl/log', fx.base]);
    const originBefore = refs(fx.bare, 'refs/heads/', 'refs/relctl/');

    await remote.push('origin', [
      { ref: 'refs/heads/main', lease: next, next },
      { ref: 'refs/relctl/log', lease: next, next },
    ]);

    expect(refs(fx.bare, 'refs/heads/', 'refs/relctl/')).toEqual(originBefore);
    expect(refs(one, 'refs/remotes/origin/main', 'refs/remotes/origin/relctl/')).toEqual([`refs/remotes/origin/main ${next}`, `refs/remotes/origin/relctl/log ${next}`]);
  });

  it('pushes nothing when any lease is stale', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const next = one.commit('next');
    const two = fx.clone('two');
    const other = two.commit('other');
    two.git(['push', '-q', fx.bare.dir, `${other}:refs/relctl/log`, `${fx.base}:refs/heads/x`]);

    const remote = await remoteFor(one);
    const error = await failure(
      remote.push('origin', [
        { ref: 'refs/heads/main', lease: fx.base, next },
        { ref: 'refs/relctl/log', lease: fx.base, next },
      ]),
    );
    expect(error).toBeInstanceOf(RemoteRaceError);
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain('nothing was pushed');
    expect(error.data).toMatchObject({ applied: [], stale: [{ ref: 'refs/relctl/log', expected: fx.base, actual: other }] });
    expect(fx.bare.git(['rev-parse', 'main'])).toBe(fx.base);

    // A lease of null means "must not exist yet".
    const created = await failure(remote.push('origin', [{ ref: 'refs/heads/x', lease: null, next }]));
    expect(created).toBeInstanceOf(RemoteRaceError);
    expect(fx.bare.git(['rev-parse', 'x'])).toBe(fx.base);
  });

  it('two clones racing for one branch: exactly one wins, the loser gets RemoteRaceError and nothing of it lands', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const two = fx.clone('two');
    const a = one.commit('a', { 'a.txt': 'a\n' });
    const b = two.commit('b', { 'b.txt': 'b\n' });
    const [remoteOne, remoteTwo] = await Promise.all([remoteFor(one), remoteFor(two)]);

    const results = await Promise.allSettled([
      remoteOne.push('origin', [{ ref: 'refs/heads/main', lease: fx.base, next: a }]),
      remoteTwo.push('origin', [{ ref: 'refs/heads/main', lease: fx.base, next: b }]),
    ]);
    const won = results.findIndex((result) => result.status === 'fulfilled');
    const lost = results.findIndex((result) => result.status === 'rejected');
    expect(won).toBeGreaterThanOrEqual(0);
    expect(lost).toBeGreaterThanOrEqual(0);
    const reason = (results[lost] as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(RemoteRaceError);

    const [winner, loser] = won === 0 ? [a, b] : [b, a];
    const loserClone = won === 0 ? two : one;
    expect(fx.bare.git(['rev-parse', 'main'])).toBe(winner);
    expect(fx.bare.git(['rev-list', '--all']).split('\n')).not.toContain(loser);
    expect(loserClone.git(['rev-parse', 'refs/remotes/origin/main'])).toBe(fx.base);
  });

  it('turns the server refusing a stale old value (a push between discovery and send) into RemoteRaceError', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const next = one.commit('next');
    const log = one.commit('log entry');
    let interloper = '';
    const sneak = (ref: string) => () => {
      interloper = fx.bare.git(['commit-tree', fx.bare.git(['rev-parse', `${fx.base}^{tree}`]), '-p', fx.base, '-m', 'sneaky'], '');
      fx.bare.git(['update-ref', ref, interloper]);
    };

    // Single ref: the server's compare-and-swap on the old id refuses; the remote keeps the other push.
    const single = intercept((request) => request.method === 'POST' && request.url.endsWith('/git-receive-pack'), sneak('refs/heads/main'));
    const error = await failure((await remoteFor(one, { http: single })).push('origin', [{ ref: 'refs/heads/main', lease: fx.base, next }]));
    expect(error).toBeInstanceOf(RemoteRaceError);
    expect(error.data).toMatchObject({ ref: 'refs/heads/main', applied: [] });
    expect(fx.bare.git(['rev-parse', 'main'])).toBe(interloper);

    // Several refs: ONE atomic request; a lease lost on any ref moves none of them.
    const lease = interloper;
    let posts = 0;
    const second = intercept((request) => request.method === 'POST' && request.url.endsWith('/git-receive-pack') && ++posts === 1, sneak('refs/relctl/log'));
    const partial = await failure(
      (await remoteFor(one, { http: second })).push('origin', [
        { ref: 'refs/heads/main', lease, next },
        { ref: 'refs/relctl/log', lease: fx.base, next: log },
      ]),
    );
    expect(posts).toBe(1);
    expect(partial).toBeInstanceOf(RemoteRaceError);
    expect(partial.data).toMatchObject({ ref: 'refs/relctl/log', applied: [], notApplied: ['refs/heads/main', 'refs/relctl/log'] });
    expect(partial.message).toContain('nothing was pushed');
    expect(fx.bare.git(['rev-parse', 'main', 'refs/relctl/log'])).toBe(`${lease}\n${interloper}`);
    expect(one.git(['rev-parse', 'refs/remotes/origin/main'])).not.toBe(next);
  });

  it('pushes several refs, a new tag and a deletion in one atomic request the server accepts', async () => {
    const fx = setup();
    const one = fx.clone('one');
    one.git(['checkout', '-q', '-b', 'feature']);
    const feature = one.commit('feature work', { 'dir/sub/g.txt': 'g\n', 'f.txt': 'changed\n' });
    one.git(['checkout', '-q', 'main']);
    one.git(['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature']);
    const main = one.git(['rev-parse', 'main']);
    one.git(['tag', '-a', '-m', 'release', 'v1', main]);
    const tag = one.git(['rev-parse', 'refs/tags/v1']);
    const log = one.commit('log entry');
    fx.bare.git(['update-ref', 'refs/heads/old', fx.base]);
    let posts = 0;
    const counting = intercept(
      (request) => request.method === 'POST' && request.url.endsWith('/git-receive-pack') && ++posts > 0,
      () => undefined,
    );
    await (
      await remoteFor(one, { http: counting })
    ).push('origin', [
      { ref: 'refs/heads/main', lease: fx.base, next: main },
      { ref: 'refs/heads/feature', lease: null, next: feature },
      { ref: 'refs/tags/v1', lease: null, next: tag },
      { ref: 'refs/relctl/log', lease: fx.base, next: log },
      { ref: 'refs/heads/old', lease: fx.base, next: null },
    ]);
    expect(posts).toBe(1);
    expect(refs(fx.bare, 'refs/heads', 'refs/tags', 'refs/relctl')).toEqual(
      [`refs/heads/feature ${feature}`, `refs/heads/main ${main}`, `refs/relctl/log ${log}`, `refs/tags/v1 ${tag}`].sort(),
    );
    // The remote got every object it needs (git checks connectivity) and the local copies follow.
    expect(fx.bare.git(['fsck', '--connectivity-only', '--no-dangling'])).toBe('');
    expect(one.git(['rev-parse', 'refs/remotes/origin/main', 'refs/remotes/origin/relctl/log'])).toBe(`${main}\n${log}`);
  });

  it('a refusal by a hook moves nothing and says so (data.refused)', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const next = one.commit('next');
    const log = one.commit('log entry');
    writeFileSync(join(fx.bare.dir, 'hooks', 'pre-receive'), '#!/bin/sh\necho "protected: closed" >&2\nexit 1\n', { mode: 0o755 });
    const error = await failure(
      (await remoteFor(one)).push('origin', [
        { ref: 'refs/heads/main', lease: fx.base, next },
        { ref: 'refs/relctl/log', lease: fx.base, next: log },
      ]),
    );
    expect(error).toBeInstanceOf(StateError);
    expect(error.data).toMatchObject({ refused: true, applied: [] });
    expect(fx.bare.git(['rev-parse', 'main', 'refs/relctl/log'])).toBe(`${fx.base}\n${fx.base}`);
  });

  it('rejects malformed updates before talking to the remote', async () => {
    const fx = setup();
    const remote = await remoteFor(fx.clone('one'));
    await expect(remote.push('origin', [{ ref: 'main', lease: null, next: fx.base }])).rejects.toBeInstanceOf(UsageError);
    await expect(remote.push('origin', [{ ref: 'refs/heads/main', lease: 'abc', next: fx.base }])).rejects.toBeInstanceOf(UsageError);
    const missing = await failure(remote.push('origin', [{ ref: 'refs/heads/main', lease: fx.base, next: 'f'.repeat(40) }]));
    expect(missing).toBeInstanceOf(StateError);
    await expect(remote.push('origin', [])).resolves.toBeUndefined();
  });
});

describe('createIsomorphicRemote: auth and URLs', () => {
  /** Everything a user or a log could see of an error. */
  function visible(error: RelctlError): string {
    return `${error.message}\n${JSON.stringify(error.toJSON())}\n${String(error.stack)}`;
  }

  it('needs the token when the server asks for one, names the variable to set, and never shows the token', async () => {
    const fx = setup();
    const one = fx.clone('one', guarded.url(fx.name));
    const next = one.commit('next');

    const missing = await failure((await remoteFor(one)).fetch('origin'));
    expect(missing).toBeInstanceOf(ConfigError);
    expect(missing.message).toContain('set RELCTL_GIT_TOKEN (or GITHUB_TOKEN / GH_TOKEN)');

    const wrong = 'ghp_wrong-but-still-secret-123';
    // A token goes to a plain-http loopback server only when its host is named (see token-scope.test.ts).
    const host = new URL(guarded.url(fx.name)).host;
    const rejected = await failure((await remoteFor(one, { env: { GITHUB_TOKEN: wrong, RELCTL_GIT_TOKEN_HOST: host } })).fetch('origin'));
    expect(rejected).toBeInstanceOf(ConfigError);
    expect(rejected.message).toContain('rejected the token from GITHUB_TOKEN');
    expect(visible(rejected)).not.toContain(wrong);

    const remote = await remoteFor(one, { env: { RELCTL_GIT_TOKEN: TOKEN, GITHUB_TOKEN: wrong, RELCTL_GIT_TOKEN_HOST: host } });
    await remote.fetch('origin');
    await remote.push('origin', [{ ref: 'refs/heads/main', lease: fx.base, next }]);
    expect(fx.bare.git(['rev-parse', 'main'])).toBe(next);
    expect(guarded.count(401)).toBeGreaterThan(0);
  });

  it('scrubs credentials written into the URL from every error', async () => {
    const fx = setup();
    const urlSecret = 'pw-in-url-0xDEADBEEF';
    const withCredentials = guarded.url(fx.name).replace('http://', `http://someone:${urlSecret}@`);
    const one = fx.clone('one', withCredentials);
    const rejected = await failure((await remoteFor(one)).fetch('origin'));
    expect(rejected).toBeInstanceOf(ConfigError);
    expect(rejected.message).toContain('rejected the credentials in its URL');
    expect(visible(rejected)).not.toContain(urlSecret);
    expect(rejected.data['url']).toMatch(/^http:\/\/\*\*\*@127\.0\.0\.1:\d+\//);

    // An unreachable server: the transport's own error must not leak the URL's password either.
    one.git(['remote', 'set-url', 'origin', `http://someone:${urlSecret}@127.0.0.1:9/x.git`]);
    const unreachable = await failure((await remoteFor(one, { env: { GH_TOKEN: TOKEN } })).push('origin', [{ ref: 'refs/heads/main', lease: fx.base, next: fx.base }]));
    expect(unreachable).toBeInstanceOf(StateError);
    expect(visible(unreachable)).not.toContain(urlSecret);
    expect(visible(unreachable)).not.toContain(TOKEN);
  });

  it('refuses SSH and other non-HTTP remotes with a pointer to the system backend, and unknown remotes', async () => {
    const fx = setup();
    const one = fx.clone('one');
    const remote = await remoteFor(one);
    for (const url of ['git@github.com:org/repo.git', 'ssh://git@example.com/org/repo.git', fx.bare.dir]) {
      one.git(['remote', 'set-url', 'origin', url]);
      const error = await failure(remote.fetch('origin'));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain('git.backend: system');
    }
    await expect(remote.fetch('upstream')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('createIsomorphicRemote: a slow server', () => {
  // Node's default HTTP agent drops a connection idle for 5 s ("Request timed out"): a busy
  // server (many promoters pushing at once) that takes longer to answer failed the push (exit 2).
  it('waits for a server that takes longer than 5 s to answer a fetch and a push', { timeout: 60_000 }, async () => {
    const slow = await startGitHttpServer({ root, delayMs: 6_000 });
    cleanups.push(() => slow.close());
    const fixture = setup();
    const clone = fixture.clone('slow', slow.url(fixture.name));
    const remote = await remoteFor(clone);
    await remote.fetch('origin');
    const next = clone.commit('slow push', { 'g.txt': 'g\n' });
    await remote.push('origin', [{ ref: 'refs/heads/main', lease: fixture.base, next }]);
    expect(fixture.bare.git(['rev-parse', 'main'])).toBe(next);
  });
});
