import { chmodSync, cpSync, existsSync, lstatSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StateError, type GitIdentity } from '@relctl/core';
import { createTempRepo, git as gitIn, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import { InjectedFault } from './injected-fault.js';
import { recoverTransactions } from './recover-transactions.js';
import { updateRefs } from './update-refs.js';

const ACTOR: GitIdentity = { name: 'Test Committer', email: 'committer@example.com', timestamp: 1767225600, timezoneOffset: 0 };

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

let template: { repo: TempRepo; c1: string; c2: string } | undefined;
afterAll(() => template?.repo.remove());

/** A fresh copy of the template repository (built once per file: copying is much cheaper than running git). */
function setup(): { repo: TempRepo; c1: string; c2: string } {
  template ??= buildTemplate();
  const dir = makeTempDir('copy');
  cpSync(template.repo.dir, dir, { recursive: true });
  const repo = openTempRepo(dir);
  cleanup.push(() => repo.remove());
  return { ...template, repo };
}

/** main at c1 (checked out); `next` changes, adds and deletes files, turns a folder into a file and makes run.sh executable. */
function buildTemplate(): { repo: TempRepo; c1: string; c2: string } {
  const repo = createTempRepo();
  const c1 = repo.commit('one', { 'a.txt': 'a1\n', 'keep.txt': 'keep\n', 'gone/b.txt': 'b\n', 'run.sh': 'echo\n', 'dirfile/x.txt': 'x\n' });
  repo.git(['checkout', '-q', '-b', 'next']);
  repo.git(['rm', '-q', '-r', 'gone', 'dirfile']);
  repo.write({ 'a.txt': 'a2\n', 'new/deep/c.txt': 'c\n', dirfile: 'now a file\n' });
  chmodSync(join(repo.dir, 'run.sh'), 0o755);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'two']);
  repo.git(['checkout', '-q', 'main']);
  const c2 = repo.git(['rev-parse', 'next']);
  return { repo, c1, c2 };
}

function status(dir: string): string {
  return gitIn(dir, ['status', '--porcelain', '--untracked-files=all']);
}

describe('updateRefs with a checked-out branch', () => {
  it('brings a clean main worktree along like merge --ff-only', async () => {
    const { repo, c1, c2 } = setup();
    writeFileSync(join(repo.dir, 'untracked.txt'), 'mine\n');
    const r = await openRepository({ cwd: repo.dir });
    const result = await updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: c1, next: c2 }], message: 'ff', actor: ACTOR });
    expect(result.worktrees).toEqual([repo.dir]);
    expect(repo.git(['rev-parse', 'HEAD'])).toBe(c2);
    expect(status(repo.dir)).toBe('?? untracked.txt');
    expect(repo.git(['diff-files', '--name-only'])).toBe(''); // index stat data is fresh
    expect(repo.git(['diff-index', '--cached', '--name-only', 'HEAD'])).toBe('');
    expect(readFileSync(join(repo.dir, 'a.txt'), 'utf8')).toBe('a2\n');
    expect(readFileSync(join(repo.dir, 'new/deep/c.txt'), 'utf8')).toBe('c\n');
    expect(readFileSync(join(repo.dir, 'dirfile'), 'utf8')).toBe('now a file\n');
    expect(existsSync(join(repo.dir, 'gone'))).toBe(false);
    expect(lstatSync(join(repo.dir, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(repo.dir, '.git/index.lock'))).toBe(false);
  });

  // Issue 23: a kill half way through a worktree file left half a file, which recovery took for a
  // change made by hand (continue succeeded, the worktree stayed dirty).
  // The same for the index (written 3 times here: a git.remove per deleted path, one git.add).
  it.each([
    ...['worktree:after-create', 'worktree:after-partial-write', 'worktree:before-rename'].flatMap((point) => [1, 2, 3, 4].map((nth) => [point, nth] as const)),
    ...['index:after-create', 'index:after-partial-write', 'index:before-rename'].flatMap((point) => [1, 2, 3].map((nth) => [point, nth] as const)),
  ])('a transaction killed at %s of write %i is finished by recovery: the worktree is clean at the new commit, no temp file left', async (point, nth) => {
    const { repo, c1, c2 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    let reached = 0;
    let dead = false;
    // Once "killed", every later fault point throws too: isomorphic-git retries a failed write
    // once (after creating the folder), which a killed process would never get to.
    const faultHook = (at: string) => {
      if (dead || (at === point && ++reached === nth)) {
        dead = true;
        throw new InjectedFault(at);
      }
    };
    await expect(updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: c1, next: c2 }], message: 'ff', actor: ACTOR, faultHook })).rejects.toBeInstanceOf(
      InjectedFault,
    );
    expect((await recoverTransactions({ repo: await openRepository({ cwd: repo.dir }) })).map((t) => [t.action, t.notes])).toEqual([['completed', []]]);
    expect(repo.git(['rev-parse', 'HEAD'])).toBe(c2);
    expect(status(repo.dir)).toBe('');
    expect(repo.git(['diff-index', '--cached', '--name-only', 'HEAD'])).toBe('');
  });

  it('keeps local changes in paths the move does not touch (reset --keep)', async () => {
    const { repo, c1, c2 } = setup();
    writeFileSync(join(repo.dir, 'keep.txt'), 'edited\n');
    const r = await openRepository({ cwd: repo.dir });
    await updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: c1, next: c2 }], message: 'ff', actor: ACTOR });
    expect(repo.git(['diff', '--name-only'])).toBe('keep.txt');
    expect(repo.git(['diff-index', '--cached', '--name-only', 'HEAD'])).toBe('');
    expect(readFileSync(join(repo.dir, 'keep.txt'), 'utf8')).toBe('edited\n');
  });

  it.each([
    ['an edited file', (repo: TempRepo) => repo.write({ 'a.txt': 'mine\n' }), 'a.txt'],
    ['a staged edit', (repo: TempRepo) => (repo.write({ 'gone/b.txt': 'staged\n' }), repo.git(['add', 'gone/b.txt'])), 'gone/b.txt'],
    ['an untracked file in a folder that becomes a file', (repo: TempRepo) => repo.write({ 'dirfile/y.txt': 'mine\n' }), 'dirfile/y.txt'],
    ['an untracked file where a new one goes', (repo: TempRepo) => repo.write({ 'new/deep/c.txt': 'mine\n' }), 'new/deep/c.txt'],
    ['a deleted file', (repo: TempRepo) => rmSync(join(repo.dir, 'gone/b.txt')), 'gone/b.txt'],
  ])('refuses before anything moves when the worktree has %s', async (_label, dirty, path) => {
    const { repo, c1, c2 } = setup();
    dirty(repo);
    const before = status(repo.dir);
    const r = await openRepository({ cwd: repo.dir });
    const attempt = updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/main', expected: c1, next: c2 },
        { ref: 'refs/heads/other', expected: null, next: c2 },
      ],
      message: 'ff',
      actor: ACTOR,
    });
    await expect(attempt).rejects.toBeInstanceOf(StateError);
    await expect(attempt).rejects.toThrow(new RegExp(`refs/heads/main is checked out in the worktree ${repo.dir}, which has local changes in .*${path}.*commit or stash`));
    expect(repo.git(['for-each-ref', '--format=%(refname) %(objectname)'])).toBe(`refs/heads/main ${c1}\nrefs/heads/next ${c2}`);
    expect(status(repo.dir)).toBe(before);
    expect(existsSync(join(repo.dir, '.git/index.lock'))).toBe(false);
    expect(existsSync(join(repo.dir, '.git/refs/heads/main.lock'))).toBe(false);
  });

  it('brings a linked worktree along, and the main one when opened from a linked worktree', async () => {
    const { repo, c1, c2 } = setup();
    const parent = makeTempDir('wt');
    cleanup.push(() => rmSync(parent, { recursive: true, force: true }));
    const linked = join(parent, 'linked');
    repo.git(['branch', 'feature', c1]);
    repo.git(['worktree', 'add', '-q', linked, 'feature']);
    const fromLinked = await openRepository({ cwd: linked });
    await updateRefs({
      repo: fromLinked,
      updates: [
        { ref: 'refs/heads/feature', expected: c1, next: c2 },
        { ref: 'refs/heads/main', expected: c1, next: c2 },
      ],
      message: 'both',
      actor: ACTOR,
    });
    for (const dir of [linked, repo.dir]) {
      expect(gitIn(dir, ['rev-parse', 'HEAD'])).toBe(c2);
      expect(status(dir)).toBe('');
      expect(gitIn(dir, ['diff-files', '--name-only'])).toBe('');
      expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('a2\n');
    }
    // git logs HEAD of the worktree it runs in: the linked one here.
    expect(gitIn(linked, ['reflog', 'show', '--format=%gs', 'HEAD']).split('\n')[0]).toBe('both');
    expect(readFileSync(join(repo.dir, '.git/logs/HEAD'), 'utf8')).not.toContain('\tboth');
    expect(existsSync(join(repo.dir, '.git/worktrees/linked/index.lock'))).toBe(false);
    expect(readlinkOrNull(join(linked, 'run.sh'))).toBeNull();
  });

  it('refuses to delete a checked-out branch or to move one mid-merge', async () => {
    const { repo, c1, c2 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    await expect(updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: c1, next: null }], message: 'm', actor: ACTOR })).rejects.toThrow(
      /cannot delete refs\/heads\/main: it is checked out in the worktree .*switch that worktree/,
    );
    writeFileSync(join(repo.dir, '.git/MERGE_HEAD'), `${c2}\n`);
    await expect(updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: c1, next: c2 }], message: 'm', actor: ACTOR })).rejects.toThrow(
      /a merge is in progress; finish or abort it/,
    );
    expect(repo.git(['rev-parse', 'main'])).toBe(c1);
  });

  it('brings symlinks along', async () => {
    const repo = createTempRepo();
    cleanup.push(() => repo.remove());
    const c1 = repo.commit('one', { 'target.txt': 't\n' });
    repo.git(['checkout', '-q', '-b', 'next']);
    gitIn(repo.dir, ['config', 'core.symlinks', 'true']);
    const linkBlob = repo.git(['hash-object', '-w', '--stdin'], 'target.txt');
    repo.git(['update-index', '--add', '--cacheinfo', `120000,${linkBlob},link`]);
    repo.git(['commit', '-q', '-m', 'link']);
    const c2 = repo.git(['rev-parse', 'HEAD']);
    repo.git(['checkout', '-q', '-f', 'main']);
    const r = await openRepository({ cwd: repo.dir });
    await updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: c1, next: c2 }], message: 'm', actor: ACTOR });
    expect(readlinkSync(join(repo.dir, 'link'))).toBe('target.txt');
    expect(status(repo.dir)).toBe('');
  });
});

function readlinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
