import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RefRaceError, StateError, UsageError, type GitIdentity } from '@relctl/core';
import { createTempRepo, gitResult, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import { updateRefs } from './update-refs.js';

/** The committer of GIT_TEST_ENV, as git writes it into reflogs. */
const ACTOR: GitIdentity = { name: 'Test Committer', email: 'committer@example.com', timestamp: 1767225600, timezoneOffset: 0 };

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

let template: { repo: TempRepo; c1: string; c2: string; c3: string } | undefined;
afterAll(() => template?.repo.remove());

/** A fresh copy of the template repository (built once per file: copying is much cheaper than running git). */
function setup(): { repo: TempRepo; c1: string; c2: string; c3: string } {
  template ??= buildTemplate();
  const dir = makeTempDir('copy');
  cpSync(template.repo.dir, dir, { recursive: true });
  const repo = openTempRepo(dir);
  repos.push(repo);
  return { ...template, repo };
}

function buildTemplate(): { repo: TempRepo; c1: string; c2: string; c3: string } {
  const repo = createTempRepo();
  const c1 = repo.commit('one', { 'a.txt': '1\n' });
  const c2 = repo.commit('two', { 'a.txt': '2\n' });
  const c3 = repo.commit('three', { 'a.txt': '3\n' });
  repo.git(['branch', 'side', c1]);
  repo.git(['branch', 'other', c2]);
  return { repo, c1, c2, c3 };
}

function refs(repo: TempRepo): string {
  return repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);
}

function lockFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (here: string): void => {
    for (const entry of readdirSync(here, { withFileTypes: true })) {
      if (entry.name === 'objects') continue;
      const path = join(here, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.lock')) found.push(path.slice(dir.length + 1));
    }
  };
  walk(dir);
  return found.sort();
}

describe('updateRefs', () => {
  it('creates, updates and deletes loose refs in one transaction', async () => {
    const { repo, c1, c2, c3 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    const result = await updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/side', expected: c1, next: c3 },
        { ref: 'refs/heads/new/topic', expected: null, next: c2 },
        { ref: 'refs/heads/other', expected: c2, next: null },
        { ref: 'refs/relctl/log', expected: null, next: c1 },
      ],
      message: 'relctl: test',
      actor: ACTOR,
    });
    expect(result.moved.map((m) => m.ref)).toEqual(['refs/heads/new/topic', 'refs/heads/other', 'refs/heads/side', 'refs/relctl/log']);
    expect(refs(repo)).toBe([`refs/heads/main ${c3}`, `refs/heads/new/topic ${c2}`, `refs/heads/side ${c3}`, `refs/relctl/log ${c1}`].join('\n'));
    expect(lockFiles(join(repo.dir, '.git'))).toEqual([]);
    expect(existsSync(join(repo.dir, '.git/relctl/journal', `${result.id}.json`))).toBe(false);
    expect(existsSync(join(repo.dir, '.git/logs/refs/heads/other'))).toBe(false);
    expect(gitResult(repo.dir, ['fsck', '--no-progress'], { allowFailure: true }).status).toBe(0);
  });

  it('moves and deletes packed refs, rewriting packed-refs without the deleted ones', async () => {
    const { repo, c1, c2, c3 } = setup();
    repo.git(['tag', '-a', '-m', 'v1', 'v1', c1]);
    repo.git(['pack-refs', '--all']);
    expect(existsSync(join(repo.dir, '.git/refs/heads/side'))).toBe(false);
    const r = await openRepository({ cwd: repo.dir });
    await updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/side', expected: c1, next: c2 },
        { ref: 'refs/heads/other', expected: c2, next: null },
      ],
      message: 'relctl: packed',
      actor: ACTOR,
    });
    const packed = readFileSync(join(repo.dir, '.git/packed-refs'), 'utf8');
    expect(packed).not.toContain('refs/heads/other');
    expect(packed).toContain('refs/tags/v1');
    expect(packed).toMatch(/\n\^[0-9a-f]{40}\n/); // the tag's peeled line is kept
    expect(repo.git(['rev-parse', 'side'])).toBe(c2);
    expect(gitResult(repo.dir, ['rev-parse', '--verify', '-q', 'refs/heads/other'], { allowFailure: true }).status).not.toBe(0);
    expect(repo.git(['rev-parse', 'v1^{commit}'])).toBe(c1);
    expect(repo.git(['rev-parse', 'main'])).toBe(c3);
    expect(lockFiles(join(repo.dir, '.git'))).toEqual([]);
    expect(gitResult(repo.dir, ['fsck', '--no-progress'], { allowFailure: true }).status).toBe(0);
  });

  it('refuses the whole transaction when one ref moved since planning, naming it', async () => {
    const { repo, c1, c2, c3 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    const before = refs(repo);
    // Planned with side at c1; a concurrent writer moves it first.
    repo.git(['update-ref', 'refs/heads/side', c2, c1]);
    const moved = refs(repo);
    expect(moved).not.toBe(before);
    const attempt = updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/new', expected: null, next: c3 },
        { ref: 'refs/heads/side', expected: c1, next: c3 },
        { ref: 'refs/heads/other', expected: c2, next: null },
      ],
      message: 'relctl: race',
      actor: ACTOR,
    });
    await expect(attempt).rejects.toBeInstanceOf(RefRaceError);
    await expect(attempt).rejects.toThrow(/refs\/heads\/side is at [0-9a-f]{40} but [0-9a-f]{40} was expected.*rerun/);
    expect(refs(repo)).toBe(moved);
    expect(lockFiles(join(repo.dir, '.git'))).toEqual([]);
    expect(existsSync(join(repo.dir, '.git/relctl/journal')) ? readdirSync(join(repo.dir, '.git/relctl/journal')) : []).toEqual([]);
  });

  it('holds git out while it has the locks', async () => {
    const { repo, c1, c2 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    let gitStatus = -1;
    await updateRefs({
      repo: r,
      updates: [{ ref: 'refs/heads/side', expected: c1, next: c2 }],
      message: 'relctl: hold',
      actor: ACTOR,
      faultHook: (point) => {
        if (point === 'tx:after-lock') {
          gitStatus = gitResult(repo.dir, ['update-ref', 'refs/heads/side', c1], { allowFailure: true }).status;
        }
      },
    });
    expect(gitStatus).not.toBe(0);
    expect(repo.git(['rev-parse', 'side'])).toBe(c2);
  });

  it('refuses when git holds a ref lock, and leaves that lock alone', async () => {
    const { repo, c1, c2, c3 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    const foreign = join(repo.dir, '.git/refs/heads/side.lock');
    writeFileSync(foreign, `${c2}\n`);
    const before = refs(repo);
    const attempt = updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/other', expected: c2, next: c3 },
        { ref: 'refs/heads/side', expected: c1, next: c3 },
      ],
      message: 'relctl: locked',
      actor: ACTOR,
    });
    await expect(attempt).rejects.toBeInstanceOf(StateError);
    await expect(attempt).rejects.toThrow(/cannot lock refs\/heads\/side: .*another git process/);
    expect(refs(repo)).toBe(before);
    expect(lockFiles(join(repo.dir, '.git'))).toEqual(['refs/heads/side.lock']);
    expect(readFileSync(foreign, 'utf8')).toBe(`${c2}\n`);
  });

  it('writes reflogs byte for byte as git update-ref does', async () => {
    const ours = setup();
    const theirs = setup();
    expect(theirs.c1).toBe(ours.c1);
    const { c1, c2, c3 } = ours;
    // git's side: same moves with git update-ref (main is HEAD: its move is logged in HEAD's log too).
    theirs.repo.git(['update-ref', '-m', 'relctl: promote\nA, B', 'refs/heads/side', c2, c1]);
    theirs.repo.git(['update-ref', '-m', 'relctl: promote\nA, B', 'refs/heads/made', c3, '']);
    theirs.repo.git(['update-ref', '-m', 'relctl: promote\nA, B', 'refs/relctl/log', c1, '']);
    theirs.repo.git(['update-ref', '-m', 'relctl: promote\nA, B', 'refs/heads/main', c2, c3]);
    const r = await openRepository({ cwd: ours.repo.dir });
    await updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/side', expected: c1, next: c2 },
        { ref: 'refs/heads/made', expected: null, next: c3 },
        { ref: 'refs/relctl/log', expected: null, next: c1 },
        { ref: 'refs/heads/main', expected: c3, next: c2 },
      ],
      message: 'relctl: promote\nA, B',
      actor: ACTOR,
    });
    for (const log of ['logs/refs/heads/side', 'logs/refs/heads/made', 'logs/refs/heads/main', 'logs/HEAD']) {
      expect(readFileSync(join(ours.repo.dir, '.git', log), 'utf8'), log).toBe(readFileSync(join(theirs.repo.dir, '.git', log), 'utf8'));
    }
    expect(existsSync(join(ours.repo.dir, '.git/logs/refs/relctl/log'))).toBe(false);
    expect(existsSync(join(theirs.repo.dir, '.git/logs/refs/relctl/log'))).toBe(false);
    expect(ours.repo.git(['reflog', 'show', 'refs/heads/side'])).toBe(theirs.repo.git(['reflog', 'show', 'refs/heads/side']));
    expect(ours.repo.git(['reflog'])).toBe(theirs.repo.git(['reflog']));
  });

  it('validates names, ids and objects before taking any lock', async () => {
    const { repo, c1, c2 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    const tree = repo.git(['rev-parse', `${c1}^{tree}`]);
    const cases: Array<[Parameters<typeof updateRefs>[0]['updates'], RegExp]> = [
      [[{ ref: 'main', expected: null, next: c1 }], /full ref name/],
      [[{ ref: 'refs/heads/a..b', expected: null, next: c1 }], /valid full ref name/],
      [[{ ref: 'refs/heads/x.lock', expected: null, next: c1 }], /valid full ref name/],
      [[{ ref: 'refs/heads/x', expected: null, next: 'abc' }], /invalid object id/],
      [
        [
          { ref: 'refs/heads/x', expected: null, next: c1 },
          { ref: 'refs/heads/x', expected: null, next: c2 },
        ],
        /appears twice/,
      ],
      [
        [
          { ref: 'refs/heads/x', expected: null, next: c1 },
          { ref: 'refs/heads/x/y', expected: null, next: c2 },
        ],
        /cannot both exist/,
      ],
      [[{ ref: 'refs/heads/x', expected: null, next: tree }], /is a tree, not a commit/],
      [[{ ref: 'refs/heads/x', expected: null, next: '1'.repeat(40) }], /no such object/],
    ];
    for (const [updates, message] of cases) {
      await expect(updateRefs({ repo: r, updates, message: 'm', actor: ACTOR })).rejects.toThrow(message);
    }
    await expect(updateRefs({ repo: r, updates: [{ ref: 'main', expected: null, next: c1 }], message: 'm' })).rejects.toBeInstanceOf(UsageError);
    expect(lockFiles(join(repo.dir, '.git'))).toEqual([]);
  });

  it('refuses to create a ref whose name clashes with an existing ref folder or file', async () => {
    const { repo, c1 } = setup();
    repo.git(['branch', 'topic/a', c1]);
    repo.git(['pack-refs', '--all']);
    repo.git(['branch', 'loose/b', c1]);
    const r = await openRepository({ cwd: repo.dir });
    for (const ref of ['refs/heads/topic', 'refs/heads/loose', 'refs/heads/side/x']) {
      await expect(updateRefs({ repo: r, updates: [{ ref, expected: null, next: c1 }], message: 'm', actor: ACTOR })).rejects.toBeInstanceOf(StateError);
    }
    expect(lockFiles(join(repo.dir, '.git'))).toEqual([]);
    // The folder made for the refused lock is gone again (side is packed, so no loose file either).
    expect(existsSync(join(repo.dir, '.git/refs/heads/side'))).toBe(false);
    expect(repo.git(['rev-parse', 'side'])).toBe(c1);
  });

  it('only verifies refs whose expected value equals the next one', async () => {
    const { repo, c1, c2 } = setup();
    const r = await openRepository({ cwd: repo.dir });
    await expect(
      updateRefs({
        repo: r,
        updates: [
          { ref: 'refs/heads/side', expected: c2, next: c2 },
          { ref: 'refs/heads/other', expected: c2, next: c1 },
        ],
        message: 'm',
        actor: ACTOR,
      }),
    ).rejects.toBeInstanceOf(RefRaceError);
    const result = await updateRefs({
      repo: r,
      updates: [
        { ref: 'refs/heads/side', expected: c1, next: c1 },
        { ref: 'refs/heads/absent', expected: null, next: null },
        { ref: 'refs/heads/other', expected: c2, next: c1 },
      ],
      message: 'm',
      actor: ACTOR,
    });
    expect(result.moved).toEqual([{ ref: 'refs/heads/other', old: c2, new: c1 }]);
    expect(repo.git(['rev-parse', 'other'])).toBe(c1);
    expect(repo.git(['reflog', 'show', '--format=%gs', 'refs/heads/side']).split('\n')).toHaveLength(1);
    expect(repo.git(['reflog', 'show', '--format=%gs', 'refs/heads/other']).split('\n')[0]).toBe('m');
    expect(lockFiles(join(repo.dir, '.git'))).toEqual([]);
  });

  it('works in a bare repository', async () => {
    const { repo, c1, c2 } = setup();
    const bare = createTempRepo({ bare: true });
    repos.push(bare);
    bare.git(['fetch', '-q', repo.dir, 'refs/heads/*:refs/heads/*']);
    const r = await openRepository({ cwd: bare.dir });
    await updateRefs({ repo: r, updates: [{ ref: 'refs/heads/main', expected: repo.git(['rev-parse', 'main']), next: c1 }], message: 'm', actor: ACTOR });
    await updateRefs({ repo: r, updates: [{ ref: 'refs/heads/side', expected: c1, next: c2 }], message: 'm', actor: ACTOR });
    expect(bare.git(['rev-parse', 'main', 'side'])).toBe(`${c1}\n${c2}`);
    expect(existsSync(join(bare.dir, 'logs/refs/heads/side'))).toBe(false); // bare: core.logAllRefUpdates defaults to false
  });
});
