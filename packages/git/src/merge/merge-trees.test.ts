import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { mergeCommits } from './merge-commits.js';
import { mergeText } from './merge-text.js';
import { mergeTrees } from './merge-trees.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** base commit on main, then one commit per side on branches ours/theirs. */
function history(repo: TempRepo, base: Record<string, string | Uint8Array>, ours: (r: TempRepo) => void, theirs: (r: TempRepo) => void): void {
  repo.commit('base', base);
  repo.git(['checkout', '-q', '-b', 'ours']);
  ours(repo);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'ours']);
  repo.git(['checkout', '-q', '-b', 'theirs', 'main']);
  theirs(repo);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'theirs']);
}

async function compare(repo: TempRepo) {
  const oracle = gitResult(repo.dir, ['merge-tree', '--write-tree', '--name-only', '--no-messages', 'ours', 'theirs'], { allowFailure: true });
  const [tree = '', ...paths] = oracle.stdout.split('\n');
  const handle = await openRepository({ cwd: repo.dir });
  const got = await mergeCommits({
    repo: handle,
    ours: repo.git(['rev-parse', 'ours']),
    theirs: repo.git(['rev-parse', 'theirs']),
    labels: { ours: 'ours', theirs: 'theirs' },
    write: 'always',
  });
  expect(got.clean).toBe(oracle.status === 0);
  expect(got.tree).toBe(tree);
  if (!got.clean) expect([...new Set(got.conflicts.map((c) => c.path))].sort()).toEqual(paths.filter(Boolean).sort());
  return got;
}

describe('mergeCommits / mergeTrees against git merge-tree', () => {
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  it('merges non-overlapping text changes into the tree git writes', async () => {
    repo = createTempRepo();
    history(repo, { 'a.txt': 'one\ntwo\nthree\nfour\nfive\n', 'dir/b.txt': 'b\n' }, (r) => r.write({ 'a.txt': 'ONE\ntwo\nthree\nfour\nfive\n' }), (r) => r.write({ 'a.txt': 'one\ntwo\nthree\nfour\nFIVE\n', 'dir/c.txt': 'new\n' }));
    const got = await compare(repo);
    expect(got.clean).toBe(true);
    if (got.clean) expect(repo.git(['cat-file', '-p', `${got.tree}:a.txt`])).toBe('ONE\ntwo\nthree\nfour\nFIVE');
  });

  it('reports a content conflict with git-style markers', async () => {
    repo = createTempRepo();
    history(repo, { 'a.txt': 'x\n' }, (r) => r.write({ 'a.txt': 'ours\n' }), (r) => r.write({ 'a.txt': 'theirs\n' }));
    const got = await compare(repo);
    expect(got.clean).toBe(false);
    if (!got.clean) {
      expect(got.conflicts[0]?.kind).toBe('content');
      expect(dec(got.conflicts[0]?.content ?? new Uint8Array())).toBe('<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n');
    }
  });

  it('add/add: same content is clean, different content conflicts', async () => {
    repo = createTempRepo();
    history(repo, { 'k.txt': 'k\n' }, (r) => r.write({ 'same.txt': 's\n', 'n.txt': 'a\n' }), (r) => r.write({ 'same.txt': 's\n', 'n.txt': 'b\n' }));
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => [c.path, c.kind])).toEqual([['n.txt', 'add-add']]);
  });

  it('modify/delete', async () => {
    repo = createTempRepo();
    history(repo, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, (r) => r.write({ 'a.txt': 'changed\n' }), (r) => r.git(['rm', '-q', 'a.txt']));
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts[0]?.kind).toBe('modify-delete');
  });

  it('binary files: identical changes are clean, different ones conflict', async () => {
    repo = createTempRepo();
    history(repo, { 'b.bin': Buffer.from([0, 1, 2]), 'c.bin': Buffer.from([0, 9]) }, (r) => r.write({ 'b.bin': Buffer.from([0, 1, 3]), 'c.bin': Buffer.from([0, 7]) }), (r) => r.write({ 'b.bin': Buffer.from([0, 1, 4]), 'c.bin': Buffer.from([0, 7]) }));
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => [c.path, c.kind])).toEqual([['b.bin', 'binary']]);
  });

  it('mode: an executable bit on one side merges, different modes on both sides conflict', async () => {
    repo = createTempRepo();
    history(repo, { 'run.sh': 'echo\n', 'x.sh': 'x\n' }, (r) => r.git(['update-index', '--chmod=+x', 'run.sh']), (r) => r.write({ 'x.sh': 'y\n' }));
    const got = await compare(repo);
    expect(got.clean).toBe(true);
  });

  it('symlinks are never merged textually', async () => {
    repo = createTempRepo();
    repo.commit('base', { 'f.txt': 'f\n' });
    repo.git(['checkout', '-q', '-b', 'ours']);
    gitResult(repo.dir, ['update-index', '--add', '--cacheinfo', `120000,${repo.git(['hash-object', '-w', '--stdin'], 'one')},link`]);
    repo.git(['commit', '-q', '-m', 'ours']);
    repo.git(['checkout', '-q', '-b', 'theirs', 'main']);
    gitResult(repo.dir, ['update-index', '--add', '--cacheinfo', `120000,${repo.git(['hash-object', '-w', '--stdin'], 'two')},link`]);
    repo.git(['commit', '-q', '-m', 'theirs']);
    const got = await compare(repo);
    expect(got.clean).toBe(false);
  });

  it('file/directory conflicts move the file aside like git', async () => {
    repo = createTempRepo();
    history(repo, { 'k.txt': 'k\n' }, (r) => r.write({ p: 'file\n' }), (r) => r.write({ 'p/inner.txt': 'dir\n' }));
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => c.kind)).toContain('file-directory');
  });

  it('exact rename on one side carries the other side\'s edit to the new path', async () => {
    repo = createTempRepo();
    history(repo, { 'old.txt': 'l1\nl2\nl3\nl4\n', 'keep/k.txt': 'k\n' }, (r) => r.git(['mv', 'old.txt', 'keep/new.txt']), (r) => r.write({ 'old.txt': 'l1\nl2\nl3\nL4\n' }));
    const got = await compare(repo);
    expect(got.clean).toBe(true);
    if (got.clean) expect(repo.git(['cat-file', '-p', `${got.tree}:keep/new.txt`])).toBe('l1\nl2\nl3\nL4');
  });

  it('rename/rename to different paths conflicts', async () => {
    repo = createTempRepo();
    history(repo, { 'a.txt': 'content\n', 'b.txt': 'b\n' }, (r) => r.git(['mv', 'a.txt', 'x.txt']), (r) => r.git(['mv', 'a.txt', 'y.txt']));
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.every((c) => c.kind === 'rename')).toBe(true);
  });

  it('submodule (gitlink) changed differently on both sides conflicts', async () => {
    repo = createTempRepo();
    const gitlink = (oid: string): void => void gitResult(repo.dir, ['update-index', '--add', '--cacheinfo', `160000,${oid},sub`]);
    repo.commit('base', { 'k.txt': 'k\n' });
    gitlink('1'.repeat(40));
    repo.git(['commit', '-q', '-m', 'sub']);
    repo.git(['checkout', '-q', '-b', 'ours']);
    gitlink('2'.repeat(40));
    repo.git(['commit', '-q', '-m', 'ours']);
    repo.git(['checkout', '-q', '-b', 'theirs', 'main']);
    gitlink('3'.repeat(40));
    repo.git(['commit', '-q', '-m', 'theirs']);
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => c.kind)).toEqual(['submodule']);
    expect(got.clean).toBe(false);
  });

  it('criss-cross histories merge through a virtual base like git', async () => {
    repo = createTempRepo();
    repo.commit('base', { 'a.txt': '1\n2\n3\n4\n5\n6\n7\n8\n' });
    repo.git(['checkout', '-q', '-b', 'ours']);
    repo.commit('o1', { 'a.txt': '1\nO\n3\n4\n5\n6\n7\n8\n' });
    repo.git(['checkout', '-q', '-b', 'theirs', 'main']);
    repo.commit('t1', { 'a.txt': '1\n2\n3\n4\n5\n6\nT\n8\n' });
    repo.git(['merge', '-q', '--no-edit', 'ours']);
    repo.git(['checkout', '-q', 'ours']);
    gitResult(repo.dir, ['merge', '-q', '--no-edit', 'theirs~1'], { env: { GIT_COMMITTER_DATE: '2026-01-02T00:00:00Z' } });
    repo.commit('o2', { 'z.txt': 'z\n' });
    expect(repo.git(['merge-base', '--all', 'ours', 'theirs']).split('\n')).toHaveLength(2);
    const got = await compare(repo);
    expect(got.clean).toBe(true);
  });

  it('mergeTrees takes the fast paths without reading objects', async () => {
    repo = createTempRepo();
    const handle = await openRepository({ cwd: repo.dir });
    expect(await mergeTrees({ repo: handle, base: 'b', ours: 'o', theirs: 'o' })).toEqual({ clean: true, tree: 'o' });
    expect(await mergeTrees({ repo: handle, base: 'b', ours: 'o', theirs: 'b' })).toEqual({ clean: true, tree: 'o' });
    expect(await mergeTrees({ repo: handle, base: 'b', ours: 'b', theirs: 't' })).toEqual({ clean: true, tree: 't' });
  });
});

describe('mergeText', () => {
  it('merges adjacent-but-separate edits like git (conflict, zealous)', () => {
    const r = mergeText({ base: enc('a\nb\n'), ours: enc('A\nb\n'), theirs: enc('a\nB\n') });
    expect(r.clean).toBe(false);
    expect(dec(r.content)).toBe('<<<<<<< ours\nA\nb\n=======\na\nB\n>>>>>>> theirs\n');
  });

  it('adds the missing final newline inside conflict hunks only', () => {
    const r = mergeText({ base: enc('a'), ours: enc('b'), theirs: enc('c') });
    expect(dec(r.content)).toBe('<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n');
  });
});
