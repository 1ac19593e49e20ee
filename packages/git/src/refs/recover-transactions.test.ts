import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GitIdentity, RefUpdate } from '@relctl/core';
import { createTempRepo, gitResult, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import { InjectedFault } from './injected-fault.js';
import { pendingTransactions } from './pending-transactions.js';
import { recoverTransactions } from './recover-transactions.js';
import { updateRefs } from './update-refs.js';

const ACTOR: GitIdentity = { name: 'Test Committer', email: 'committer@example.com', timestamp: 1767225600, timezoneOffset: 0 };

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

let template: { repo: TempRepo; updates: RefUpdate[]; after: string } | undefined;
afterAll(() => template?.repo.remove());

/** A fresh copy of the template repository (built once per file: copying is much cheaper than running git). */
/** The journal of a transaction that died on another host while taking the locks of `updates`. */
function deadLockingJournal(repo: TempRepo, updates: RefUpdate[], id: string) {
  return {
    version: 1,
    phase: 'locking',
    id,
    pid: 999_999_999,
    hostname: 'elsewhere',
    createdAt: 1,
    message: 'crash test',
    actor: ACTOR,
    updates: updates.map((u) => ({ ref: u.ref, old: u.expected, new: u.next })),
    locks: updates.map((u) => join(repo.dir, '.git', `${u.ref}.lock`)),
    packedRefsLocked: false,
    worktrees: [],
    headLogs: [],
  };
}

function setup(): { repo: TempRepo; updates: RefUpdate[]; after: string } {
  template ??= buildTemplate();
  const dir = makeTempDir('copy');
  cpSync(template.repo.dir, dir, { recursive: true });
  const repo = openTempRepo(dir);
  repos.push(repo);
  return { ...template, repo };
}

/**
 * main (checked out, clean) at c1; side (loose) at c1; other (packed) at c2. The transaction moves
 * main and side, deletes the packed `other`, creates `fresh`.
 */
function buildTemplate(): { repo: TempRepo; updates: RefUpdate[]; after: string } {
  const repo = createTempRepo();
  const c1 = repo.commit('one', { 'a.txt': '1\n', 'old.txt': 'old\n' });
  repo.git(['checkout', '-q', '-b', 'work']);
  const c2 = repo.commit('two', { 'a.txt': '2\n', 'b/new.txt': 'new\n' });
  const c3 = repo.commit('three', { 'a.txt': '3\n' });
  repo.git(['checkout', '-q', 'main']);
  repo.git(['branch', 'other', c2]);
  repo.git(['pack-refs', '--all']);
  repo.git(['branch', 'side', c1]);
  const updates: RefUpdate[] = [
    { ref: 'refs/heads/side', expected: c1, next: c3 },
    { ref: 'refs/heads/main', expected: c1, next: c2 },
    { ref: 'refs/heads/other', expected: c2, next: null },
    { ref: 'refs/heads/fresh', expected: null, next: c3 },
  ];
  const after = [`refs/heads/fresh ${c3}`, `refs/heads/main ${c2}`, `refs/heads/side ${c3}`, `refs/heads/work ${c3}`].join('\n');
  return { repo, updates, after };
}

function refs(repo: TempRepo): string {
  return repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);
}

function strayLocks(gitDir: string): string[] {
  const found: string[] = [];
  const walk = (here: string): void => {
    for (const entry of readdirSync(here, { withFileTypes: true })) {
      if (entry.name === 'objects') continue;
      if (entry.isDirectory()) walk(join(here, entry.name));
      else if (entry.name.endsWith('.lock')) found.push(join(here, entry.name).slice(gitDir.length + 1));
    }
  };
  walk(gitDir);
  return found.sort();
}

function expectConsistent(repo: TempRepo, after: string): void {
  expect(refs(repo)).toBe(after);
  expect(strayLocks(join(repo.dir, '.git'))).toEqual([]);
  expect(readdirSync(join(repo.dir, '.git/relctl/journal'))).toEqual([]);
  expect(repo.git(['rev-parse', 'HEAD'])).toBe(repo.git(['rev-parse', 'main']));
  expect(repo.git(['status', '--porcelain'])).toBe('');
  expect(gitResult(repo.dir, ['fsck', '--no-progress'], { allowFailure: true }).status).toBe(0);
  // One reflog line per move, never two.
  expect(
    repo
      .git(['reflog', 'show', '--format=%gs', 'refs/heads/side'])
      .split('\n')
      .filter((s) => s === 'crash test'),
  ).toHaveLength(1);
}

describe('recoverTransactions', () => {
  it.each(['tx:after-journal', 'tx:after-worktree', 'tx:after-packed-refs', 'tx:after-rename:1', 'tx:after-rename:3', 'tx:before-journal-delete'])(
    'finishes a transaction that crashed at %s',
    async (point) => {
      const { repo, updates, after } = setup();
      const r = await openRepository({ cwd: repo.dir });
      const crash = updateRefs({
        repo: r,
        updates,
        message: 'crash test',
        actor: ACTOR,
        faultHook: (at) => {
          if (at === point) throw new InjectedFault(at);
        },
      });
      await expect(crash).rejects.toBeInstanceOf(InjectedFault);
      const pending = await pendingTransactions({ repo: r });
      expect(pending).toHaveLength(1);
      expect(pending[0]?.alive).toBe(false);
      expect(pending[0]?.updates.map((u) => u.ref)).toEqual(['refs/heads/fresh', 'refs/heads/main', 'refs/heads/other', 'refs/heads/side']);
      if (point === 'tx:after-journal') {
        // git itself is held out of the refs until recovery.
        expect(gitResult(repo.dir, ['update-ref', 'refs/heads/side', 'HEAD'], { allowFailure: true }).status).not.toBe(0);
      }
      const recovered = await recoverTransactions({ repo: await openRepository({ cwd: repo.dir }) });
      expect(recovered.map((t) => [t.action, t.notes])).toEqual([['completed', []]]);
      expectConsistent(repo, after);
      expect(await recoverTransactions({ repo: r })).toEqual([]);
    },
  );

  it('rolls back when a lock of the journal was removed by hand', async () => {
    const { repo, updates } = setup();
    const before = refs(repo);
    const r = await openRepository({ cwd: repo.dir });
    await expect(
      updateRefs({
        repo: r,
        updates,
        message: 'crash test',
        actor: ACTOR,
        faultHook: (at) => {
          if (at === 'tx:after-rename:1') throw new InjectedFault(at);
        },
      }),
    ).rejects.toBeInstanceOf(InjectedFault);
    expect(repo.git(['rev-parse', '--verify', '-q', 'refs/heads/fresh'])).not.toBe(''); // the first ref moved
    rmSync(join(repo.dir, '.git/refs/heads/side.lock'));
    const [result] = await recoverTransactions({ repo: r });
    expect(result?.action).toBe('rolled-back');
    expect(refs(repo)).toBe(before);
    expect(strayLocks(join(repo.dir, '.git'))).toEqual([]);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it.each(['tx:after-lock', 'tx:after-prepare'])('rolls back a transaction that crashed while locking (%s): nothing moved, no lock left', async (point) => {
    const { repo, updates } = setup();
    const before = refs(repo);
    const r = await openRepository({ cwd: repo.dir });
    await expect(
      updateRefs({
        repo: r,
        updates,
        message: 'crash test',
        actor: ACTOR,
        faultHook: (at) => {
          if (at === point) throw new InjectedFault(at);
        },
      }),
    ).rejects.toBeInstanceOf(InjectedFault);
    expect(strayLocks(join(repo.dir, '.git'))).toContain('refs/heads/main.lock');
    expect((await pendingTransactions({ repo: r })).map((t) => t.alive)).toEqual([false]);
    // git is held out until then, as with any lock.
    expect(gitResult(repo.dir, ['update-ref', 'refs/heads/side', 'HEAD'], { allowFailure: true }).status).not.toBe(0);
    expect((await recoverTransactions({ repo: r })).map((t) => [t.action, t.notes])).toEqual([['rolled-back', []]]);
    expect(refs(repo)).toBe(before);
    expect(strayLocks(join(repo.dir, '.git'))).toEqual([]);
    expect(readdirSync(join(repo.dir, '.git/relctl/journal'))).toEqual([]);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it("removes only the locks the crashed transaction took, never another process's", async () => {
    const { repo, updates } = setup();
    const before = refs(repo);
    const r = await openRepository({ cwd: repo.dir });
    // Another process holds side.lock; the transaction fails to lock it and "crashes" right then.
    writeFileSync(join(repo.dir, '.git/refs/heads/side.lock'), 'someone else\n');
    await expect(updateRefs({ repo: r, updates, message: 'crash test', actor: ACTOR })).rejects.toThrow(/side\.lock exists/);
    expect(readdirSync(join(repo.dir, '.git/relctl/journal'))).toEqual([]); // a refused transaction cleans up
    expect(strayLocks(join(repo.dir, '.git'))).toEqual(['refs/heads/side.lock']);
    const journal = deadLockingJournal(repo, updates, '1-999999-dead');
    writeFileSync(join(repo.dir, '.git/refs/heads/fresh.lock'), 'relctl-transaction 1-999999-dead\n');
    writeFileSync(join(repo.dir, '.git/relctl/journal/1-999999-dead.json'), JSON.stringify(journal));
    expect((await recoverTransactions({ repo: r })).map((t) => t.action)).toEqual(['rolled-back']);
    expect(strayLocks(join(repo.dir, '.git'))).toEqual(['refs/heads/side.lock']);
    expect(refs(repo)).toBe(before);
  });

  it('removes an empty lock the crashed transaction named (killed between creating it and writing its marker)', async () => {
    const { repo, updates } = setup();
    const before = refs(repo);
    const r = await openRepository({ cwd: repo.dir });
    const journal = deadLockingJournal(repo, updates, '1-999998-dead');
    mkdirSync(join(repo.dir, '.git/relctl/journal'), { recursive: true });
    writeFileSync(join(repo.dir, '.git/refs/heads/fresh.lock'), 'relctl-transaction 1-999998-dead\n');
    writeFileSync(join(repo.dir, '.git/refs/heads/side.lock'), '');
    // An empty lock the journal does not name belongs to somebody else.
    writeFileSync(join(repo.dir, '.git/refs/heads/unrelated.lock'), '');
    writeFileSync(join(repo.dir, '.git/relctl/journal/1-999998-dead.json'), JSON.stringify(journal));
    expect(updates.map((u) => u.ref)).toEqual(expect.arrayContaining(['refs/heads/fresh', 'refs/heads/side']));
    expect((await recoverTransactions({ repo: r })).map((t) => t.action)).toEqual(['rolled-back']);
    expect(strayLocks(join(repo.dir, '.git'))).toEqual(['refs/heads/unrelated.lock']);
    expect(refs(repo)).toBe(before);
    await updateRefs({ repo: r, updates, message: 'after recovery', actor: ACTOR });
  });

  it('skips a journal whose process still runs', async () => {
    const { repo, updates } = setup();
    const r = await openRepository({ cwd: repo.dir });
    await expect(
      updateRefs({
        repo: r,
        updates,
        message: 'crash test',
        actor: ACTOR,
        faultHook: (at) => {
          if (at === 'tx:after-journal') throw new InjectedFault(at);
        },
      }),
    ).rejects.toBeInstanceOf(InjectedFault);
    const [pending] = await pendingTransactions({ repo: r });
    const journal = JSON.parse(readFileSync(pending!.path, 'utf8')) as { pid: number };
    journal.pid = process.ppid; // a live process on this host
    writeFileSync(pending!.path, JSON.stringify(journal));
    expect((await pendingTransactions({ repo: r }))[0]?.alive).toBe(true);
    expect((await recoverTransactions({ repo: r })).map((t) => t.action)).toEqual(['skipped']);
    expect(strayLocks(join(repo.dir, '.git')).length).toBeGreaterThan(0);
  });

  describe('with a real process killed by RELCTL_FAULT', () => {
    let bundle = '';
    let bundleDir = '';
    beforeAll(async () => {
      bundleDir = makeTempDir('bundle');
      const here = dirname(fileURLToPath(import.meta.url));
      const entry = join(bundleDir, 'child.ts');
      writeFileSync(
        entry,
        [
          `import { openRepository } from ${JSON.stringify(resolve(here, '../repo/index.ts'))};`,
          `import { updateRefs } from ${JSON.stringify(resolve(here, './index.ts'))};`,
          'const [dir, updates] = process.argv.slice(2);',
          'const repo = await openRepository({ cwd: dir });',
          "await updateRefs({ repo, updates: JSON.parse(updates), message: 'crash test' });",
          "console.log('done');",
        ].join('\n'),
      );
      bundle = join(bundleDir, 'child.mjs');
      await build({
        entryPoints: [entry],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        conditions: ['@relctl/source'],
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
        logLevel: 'silent',
      });
    });
    afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

    it('finishes the transaction on the next run', async () => {
      const { repo, updates, after } = setup();
      const env = { ...process.env, GIT_COMMITTER_NAME: 'Test Committer', GIT_COMMITTER_EMAIL: 'committer@example.com' };
      const killed = spawnSync(process.execPath, [bundle, repo.dir, JSON.stringify(updates)], {
        env: { ...env, RELCTL_FAULT: 'tx:after-rename:2' },
        encoding: 'utf8',
      });
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stdout).not.toContain('done');
      const r = await openRepository({ cwd: repo.dir });
      expect((await pendingTransactions({ repo: r })).map((t) => t.alive)).toEqual([false]);
      expect(strayLocks(join(repo.dir, '.git'))).not.toEqual([]);
      expect((await recoverTransactions({ repo: r })).map((t) => t.action)).toEqual(['completed']);
      expectConsistent(repo, after);
      // And without a fault the same child finishes by itself.
      const { repo: again, updates: u2, after: after2 } = setup();
      const ok = spawnSync(process.execPath, [bundle, again.dir, JSON.stringify(u2)], { env, encoding: 'utf8' });
      expect(ok.stdout.trim()).toBe('done');
      expectConsistent(again, after2);
    });

    it.each(['tx:after-lock', 'tx:after-prepare', 'tx:after-rename:2', 'tx:before-journal-delete'])(
      'the next updateRefs (even with nothing to move) settles a transaction whose process was killed at %s',
      async (point) => {
        const { repo, updates, after } = setup();
        const before = refs(repo);
        const env = { ...process.env, GIT_COMMITTER_NAME: 'Test Committer', GIT_COMMITTER_EMAIL: 'committer@example.com' };
        const killed = spawnSync(process.execPath, [bundle, repo.dir, JSON.stringify(updates)], { env: { ...env, RELCTL_FAULT: point }, encoding: 'utf8' });
        expect(killed.signal).toBe('SIGKILL');
        // Killed before the journal is deleted, every lock was already renamed into place: only the
        // journal is left behind. At every earlier point a lock file is left too.
        if (point === 'tx:before-journal-delete') expect(readdirSync(join(repo.dir, '.git/relctl/journal'))).not.toEqual([]);
        else expect(strayLocks(join(repo.dir, '.git'))).not.toEqual([]);
        await updateRefs({ repo: await openRepository({ cwd: repo.dir }), updates: [], message: 'settle' });
        expect(strayLocks(join(repo.dir, '.git'))).toEqual([]);
        expect(readdirSync(join(repo.dir, '.git/relctl/journal'))).toEqual([]);
        const locking = point === 'tx:after-lock' || point === 'tx:after-prepare';
        if (locking) expect(refs(repo)).toBe(before);
        else expectConsistent(repo, after);
        expect(repo.git(['status', '--porcelain'])).toBe('');
      },
    );
  });
});
