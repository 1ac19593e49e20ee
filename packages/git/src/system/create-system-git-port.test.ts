import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StateError, UsageError } from '@relctl/core';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemGitPort, type SystemGitPort } from './create-system-git-port.js';
import { GitCommandError } from './git-command-error.js';
import { runGit } from './run-git.js';
import { scrubSecrets } from './scrub-secrets.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

function setup(options: { objectFormat?: 'sha256' } = {}): { repo: TempRepo; port: SystemGitPort } {
  const repo = createTempRepo(options);
  const port = createSystemGitPort({ cwd: repo.dir });
  cleanup.push(
    () => port.close(),
    () => repo.remove(),
  );
  return { repo, port };
}

const processHandles = () => process.getActiveResourcesInfo().filter((type) => type === 'ProcessWrap').length;

describe('createSystemGitPort (system specifics)', () => {
  it('keeps one cat-file child that never holds Node open between reads, and restarts it after close()', async () => {
    const { repo, port } = setup();
    const head = repo.commit('one', { 'a.txt': 'a\n' });
    const idle = processHandles();
    const reading = port.readCommit(head);
    expect(processHandles()).toBe(idle + 1); // referenced while a read is pending
    await reading;
    expect(processHandles()).toBe(idle);
    port.close();
    expect((await port.readCommit(head)).message).toBe('one\n');
    expect(processHandles()).toBe(idle);
  });

  it('pipelines many reads through the one child', async () => {
    const { repo, port } = setup();
    const files: Record<string, string> = {};
    for (let index = 0; index < 150; index++) files[`f/${index}.txt`] = `content ${index}\n`.repeat(index + 1);
    const head = repo.commit('many', files);
    const started = performance.now();
    const contents = await Promise.all(Object.keys(files).map((path) => port.readFile(head, path)));
    const elapsed = performance.now() - started;
    expect(contents.map((bytes) => new TextDecoder().decode(bytes!))).toEqual(Object.values(files));
    expect(elapsed).toBeLessThan(5000);
  });

  it('treats paths and names as data, never as shell or options', async () => {
    const { repo, port } = setup();
    const odd = '$(touch pwned) `id`; rm -rf x & "q".txt';
    const head = repo.commit('odd', { [odd]: 'odd\n' });
    expect(new TextDecoder().decode((await port.readFile(head, odd))!)).toBe('odd\n');
    expect(existsSync(join(repo.dir, 'pwned'))).toBe(false);
    await expect(port.isAncestor('--help', head)).rejects.toBeInstanceOf(UsageError);
    expect(await port.readRef('--all')).toBeNull();
    await expect(port.readFile(head, '../outside')).rejects.toBeInstanceOf(UsageError);
    await expect(port.editTree(null, [{ path: 'a/.git/config', content: new Uint8Array() }])).rejects.toBeInstanceOf(UsageError);
  });

  it('writes the reflog message and refuses refs outside refs/', async () => {
    const { repo, port } = setup();
    const one = repo.commit('one', { 'a.txt': 'a\n' });
    const two = repo.commit('two', { 'a.txt': 'b\n' });
    await port.updateRefs([{ ref: 'refs/heads/side', expected: null, next: one }], { message: 'relctl: create side' });
    await port.updateRefs([{ ref: 'refs/heads/side', expected: one, next: two }], { message: 'relctl: move side' });
    expect(repo.git(['reflog', 'show', '--format=%gs', 'refs/heads/side'])).toBe('relctl: move side\nrelctl: create side');
    await expect(port.updateRefs([{ ref: 'HEAD', expected: two, next: one }], { message: 'x' })).rejects.toBeInstanceOf(UsageError);
    await expect(port.updateRefs([{ ref: 'refs/heads/x', expected: null, next: 'abc' }], { message: 'x' })).rejects.toBeInstanceOf(UsageError);
    await expect(
      port.updateRefs(
        [
          { ref: 'refs/heads/y', expected: null, next: one },
          { ref: 'refs/heads/y', expected: null, next: two },
        ],
        { message: 'x' },
      ),
    ).rejects.toThrow(/twice/);
  });

  it('refuses to delete a checked-out branch', async () => {
    const { repo, port } = setup();
    const one = repo.commit('one', { 'a.txt': 'a\n' });
    await expect(port.updateRefs([{ ref: 'refs/heads/main', expected: one, next: null }], { message: 'x' })).rejects.toBeInstanceOf(StateError);
    expect(repo.git(['rev-parse', 'refs/heads/main'])).toBe(one);
  });

  it('names binary, file/directory and rename conflicts', async () => {
    const { repo, port } = setup();
    repo.commit('base', { 'bin.dat': Buffer.from([0, 1, 2, 0]), 'old.txt': 'line\n'.repeat(20) });
    repo.git(['checkout', '-q', '-b', 'theirs']);
    repo.git(['mv', 'old.txt', 'theirs.txt']);
    const theirs = repo.commit('theirs', { 'bin.dat': Buffer.from([0, 9, 9, 0]), 'p/q.txt': 'dir\n' });
    repo.git(['checkout', '-q', 'main']);
    repo.git(['mv', 'old.txt', 'ours.txt']);
    const ours = repo.commit('ours', { 'bin.dat': Buffer.from([0, 7, 7, 0]), p: 'file\n' });
    const outcome = await port.mergeCommits(ours, theirs);
    expect(outcome.clean).toBe(false);
    if (outcome.clean) return;
    const kinds = Object.fromEntries(outcome.conflicts.map((conflict) => [conflict.path, conflict.kind]));
    expect(kinds['bin.dat']).toBe('binary');
    expect(
      Object.entries(kinds)
        .filter(([path]) => path.startsWith('p'))
        .map(([, kind]) => kind),
    ).toContain('file-directory');
    expect(kinds['ours.txt'] ?? kinds['theirs.txt']).toBe('rename');
  });

  it('refuses to merge unrelated histories', async () => {
    const { repo, port } = setup();
    const main = repo.commit('main', { 'a.txt': 'a\n' });
    repo.git(['checkout', '-q', '--orphan', 'other']);
    const other = repo.commit('other', { 'b.txt': 'b\n' });
    await expect(port.mergeCommits(main, other)).rejects.toBeInstanceOf(StateError);
  });

  it('works on SHA-256 repositories', async () => {
    const { repo, port } = setup({ objectFormat: 'sha256' });
    const head = repo.commit('one', { 'd/a.txt': 'a\n', 'b.txt': 'b\n' });
    expect(head).toHaveLength(64);
    expect(await port.readRef('refs/heads/main')).toBe(head);
    expect((await port.readTree(head)).map((entry) => [entry.path, entry.oid.length])).toEqual([
      ['b.txt', 64],
      ['d', 64],
    ]);
    const tree = await port.editTree(head, [{ path: 'd/c.txt', content: new TextEncoder().encode('c\n') }]);
    expect(repo.git(['ls-tree', '-r', '--name-only', tree])).toBe('b.txt\nd/a.txt\nd/c.txt');
    const commit = await port.readCommit(head);
    expect(await port.writeCommit(commit)).toBe(head);
  });
});

describe('runGit', () => {
  it('returns stdout as bytes, accepts listed exit codes and throws GitCommandError otherwise', async () => {
    const { repo } = setup();
    const head = repo.commit('one', { 'a.txt': 'a\n' });
    expect((await runGit({ cwd: repo.dir, args: ['rev-parse', 'HEAD'] })).stdout.toString('utf8').trim()).toBe(head);
    expect((await runGit({ cwd: repo.dir, args: ['merge-base', '--is-ancestor', head, head], okExitCodes: [0, 1] })).exitCode).toBe(0);
    const failure = await runGit({ cwd: repo.dir, args: ['cat-file', '-t', 'nope'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect((failure as GitCommandError).data.exitCode).toBe(128);
  });

  it('scrubs credentials from what it reports', async () => {
    const { repo } = setup();
    const failure = await runGit({ cwd: repo.dir, args: ['ls-remote', 'https://bot:ghp_TOPSECRET@127.0.0.1:9/x.git'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect(JSON.stringify({ message: (failure as Error).message, data: (failure as GitCommandError).data })).not.toContain('TOPSECRET');
  });
});

describe('scrubSecrets', () => {
  it.each([
    ['fatal: unable to access https://user:tok@github.com/o/r.git/', 'fatal: unable to access https://***@github.com/o/r.git/'],
    ["Cloning 'http://x-access-token:ghs_abc@host/r'", "Cloning 'http://***@host/r'"],
    ['GET /r?access_token=abc123&x=1', 'GET /r?access_token=***&x=1'],
    ['Authorization: Bearer abc.def', 'Authorization: ***'],
    ['ssh://git@github.com/o/r.git', 'ssh://***@github.com/o/r.git'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (input, output) => {
    expect(scrubSecrets(input)).toBe(output);
  });
});
