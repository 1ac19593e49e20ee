import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RemoteRaceError, StateError } from '@relctl/core';
import { createTempRepo, git, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemRemote } from './create-system-remote.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

/** A bare origin with `main` and `refs/relctl/log`, and two clones of it. */
function setup() {
  const origin = createTempRepo({ bare: true });
  const seed = createTempRepo();
  cleanup.push(
    () => origin.remove(),
    () => seed.remove(),
  );
  const base = seed.commit('base', { 'f.txt': 'base\n' });
  seed.git(['update-ref', 'refs/relctl/log', base]);
  seed.git(['remote', 'add', 'origin', origin.dir]);
  seed.git(['push', '-q', 'origin', 'main', 'refs/relctl/log']);
  const clone = (label: string): TempRepo => {
    const dir = join(makeTempDir(label), 'clone');
    git(origin.dir, ['clone', '-q', origin.dir, dir]);
    const repo = openTempRepo(dir);
    cleanup.push(() => repo.remove());
    return repo;
  };
  return { origin, base, one: clone('one'), two: clone('two') };
}

describe('createSystemRemote', () => {
  it('fetches branches and the audit log into remote-tracking refs, tags into refs/tags, pruning gone branches', async () => {
    const { origin, base, one, two } = setup();
    const side = two.commit('side', { 's.txt': 's\n' });
    two.git(['push', '-q', 'origin', `${side}:refs/heads/req/A`, `${side}:refs/relctl/log`]);
    two.git(['tag', '-a', 'v1.0.0', '-m', 'v1', side]);
    two.git(['push', '-q', 'origin', 'v1.0.0']);
    one.git(['tag', 'local-only', base]);
    one.git(['update-ref', 'refs/remotes/origin/gone', base]);

    await createSystemRemote({ cwd: one.dir }).fetch('origin');
    const refs = one.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/remotes/', 'refs/tags/']);
    expect(refs.split('\n')).toEqual([
      `refs/remotes/origin/HEAD ${base}`,
      `refs/remotes/origin/main ${base}`,
      `refs/remotes/origin/relctl/log ${side}`,
      `refs/remotes/origin/req/A ${side}`,
      `refs/tags/local-only ${base}`,
      `refs/tags/v1.0.0 ${origin.git(['rev-parse', 'refs/tags/v1.0.0'])}`,
    ]);
    expect(one.git(['for-each-ref', 'refs/relctl/'])).toBe(''); // the local log is not touched
    expect(createSystemRemote({ cwd: one.dir }).trackingRef('origin', 'refs/relctl/log')).toBe('refs/remotes/origin/relctl/log');
  });

  it('pushes several refs atomically with leases and updates the tracking refs', async () => {
    const { origin, base, one } = setup();
    const next = one.commit('next', { 'f.txt': 'next\n' });
    const remote = createSystemRemote({ cwd: one.dir });
    await remote.push('origin', [
      { ref: 'refs/heads/main', lease: base, next },
      { ref: 'refs/relctl/log', lease: base, next },
      { ref: 'refs/heads/env/test', lease: null, next: base },
      { ref: 'refs/tags/v1', lease: null, next },
    ]);
    expect(origin.git(['for-each-ref', '--format=%(refname) %(objectname)'])).toBe(
      [`refs/heads/env/test ${base}`, `refs/heads/main ${next}`, `refs/relctl/log ${next}`, `refs/tags/v1 ${next}`].join('\n'),
    );
    expect(one.git(['rev-parse', 'refs/remotes/origin/main', 'refs/remotes/origin/relctl/log', 'refs/remotes/origin/env/test'])).toBe([next, next, base].join('\n'));
    await remote.push('origin', [{ ref: 'refs/heads/env/test', lease: base, next: null }]);
    expect(origin.git(['for-each-ref', 'refs/heads/env/'])).toBe('');
    await remote.push('origin', []);
  });

  it('gives the loser of two racing clones a RemoteRaceError and pushes none of its refs', async () => {
    const { origin, base, one, two } = setup();
    const fromOne = one.commit('one', { 'f.txt': 'one\n' });
    const fromTwo = two.commit('two', { 'f.txt': 'two\n' });
    await createSystemRemote({ cwd: one.dir }).push('origin', [{ ref: 'refs/heads/main', lease: base, next: fromOne }]);
    const before = origin.git(['for-each-ref', '--format=%(refname) %(objectname)']);
    const attempt = createSystemRemote({ cwd: two.dir }).push('origin', [
      { ref: 'refs/relctl/log', lease: base, next: fromTwo },
      { ref: 'refs/heads/main', lease: base, next: fromTwo },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(RemoteRaceError);
    await expect(attempt).rejects.toMatchObject({ code: 'RemoteRaceError', data: { remote: 'origin', refs: ['refs/heads/main'] } });
    expect(origin.git(['for-each-ref', '--format=%(refname) %(objectname)'])).toBe(before);

    // Creating a ref that someone else created first is a race too.
    two.git(['fetch', '-q', 'origin']);
    await createSystemRemote({ cwd: one.dir }).push('origin', [{ ref: 'refs/tags/v2', lease: null, next: fromOne }]);
    await expect(createSystemRemote({ cwd: two.dir }).push('origin', [{ ref: 'refs/tags/v2', lease: null, next: fromTwo }])).rejects.toBeInstanceOf(RemoteRaceError);
  });

  it('lets exactly one of two simultaneous pushes win', async () => {
    const { origin, base, one, two } = setup();
    const fromOne = one.commit('one', { 'f.txt': 'one\n' });
    const fromTwo = two.commit('two', { 'f.txt': 'two\n' });
    const results = await Promise.allSettled([
      createSystemRemote({ cwd: one.dir }).push('origin', [
        { ref: 'refs/heads/main', lease: base, next: fromOne },
        { ref: 'refs/relctl/log', lease: base, next: fromOne },
      ]),
      createSystemRemote({ cwd: two.dir }).push('origin', [
        { ref: 'refs/heads/main', lease: base, next: fromTwo },
        { ref: 'refs/relctl/log', lease: base, next: fromTwo },
      ]),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(RemoteRaceError);
    const winner = results[0]!.status === 'fulfilled' ? fromOne : fromTwo;
    expect(origin.git(['rev-parse', 'refs/heads/main', 'refs/relctl/log'])).toBe(`${winner}\n${winner}`);
  });

  it('reports an authentication failure clearly and never prints the token', async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' });
      response.end('denied');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => server.close());
    const { port } = server.address() as AddressInfo;
    const repo = createTempRepo();
    cleanup.push(() => repo.remove());
    repo.commit('init', { 'f.txt': 'x\n' });
    repo.git(['remote', 'add', 'origin', `http://relctl-bot:ghp_SECRETTOKEN123@127.0.0.1:${port}/o/r.git`]);
    const remote = createSystemRemote({ cwd: repo.dir, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_ASKPASS: undefined, SSH_ASKPASS: undefined } });
    // Start each attempt only when the previous one settled: a second promise created up front
    // would reject while nobody awaits it yet, which Node reports as an unhandled rejection.
    const head = repo.git(['rev-parse', 'HEAD']);
    const attempts = [() => remote.fetch('origin'), () => remote.push('origin', [{ ref: 'refs/heads/main', lease: null, next: head }])];
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).data).toMatchObject({ remote: 'origin', reason: 'auth' });
      expect(JSON.stringify({ message: (error as Error).message, data: (error as StateError).data })).not.toContain('SECRETTOKEN');
    }
  });

  it('reports a remote that does not answer (HTTP or SSH) as a StateError naming the cause, not an unexpected failure', async () => {
    const repo = createTempRepo();
    cleanup.push(() => repo.remove());
    const head = repo.commit('init', { 'f.txt': 'x\n' });
    const env = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no' };
    repo.git(['remote', 'add', 'origin', 'http://127.0.0.1:9/nothing.git']);
    for (const url of ['http://127.0.0.1:9/nothing.git', 'ssh://git@127.0.0.1:9/nothing.git']) {
      repo.git(['remote', 'set-url', 'origin', url]);
      const remote = createSystemRemote({ cwd: repo.dir, env });
      const attempts = [() => remote.fetch('origin'), () => remote.push('origin', [{ ref: 'refs/heads/main', lease: null, next: head }])];
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error, url).toBeInstanceOf(StateError);
        expect((error as StateError).message, url).toMatch(/origin.*(connect|refused|could not)/i);
        expect((error as StateError).data, url).toMatchObject({ remote: 'origin', reason: 'unreachable' });
      }
    }
  });

  it('refuses remote names that are not plain names', async () => {
    const remote = createSystemRemote({ cwd: makeTempDir('remote') });
    await expect(remote.fetch('https://u:tok@example.com/r.git')).rejects.toThrow(/invalid remote name/);
    await expect(remote.fetch('--upload-pack=touch /tmp/pwned')).rejects.toThrow(/invalid remote name/);
    await expect(remote.push('origin', [{ ref: 'main', lease: null, next: null }])).rejects.toThrow(/full ref name/);
  });
});
