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
    history(
      repo,
      { 'a.txt': 'one\ntwo\nthree\nfour\nfive\n', 'dir/b.txt': 'b\n' },
      (r) => r.write({ 'a.txt': 'ONE\ntwo\nthree\nfour\nfive\n' }),
      (r) => r.write({ 'a.txt': 'one\ntwo\nthree\nfour\nFIVE\n', 'dir/c.txt': 'new\n' }),
    );
    const got = await compare(repo);
    expect(got.clean).toBe(true);
    if (got.clean) expect(repo.git(['cat-file', '-p', `${got.tree}:a.txt`])).toBe('ONE\ntwo\nthree\nfour\nFIVE');
  });

  it('reports a content conflict with git-style markers', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'a.txt': 'x\n' },
      (r) => r.write({ 'a.txt': 'ours\n' }),
      (r) => r.write({ 'a.txt': 'theirs\n' }),
    );
    const got = await compare(repo);
    expect(got.clean).toBe(false);
    if (!got.clean) {
      expect(got.conflicts[0]?.kind).toBe('content');
      expect(dec(got.conflicts[0]?.content ?? new Uint8Array())).toBe('<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n');
    }
  });

  it('add/add: same content is clean, different content conflicts', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'k.txt': 'k\n' },
      (r) => r.write({ 'same.txt': 's\n', 'n.txt': 'a\n' }),
      (r) => r.write({ 'same.txt': 's\n', 'n.txt': 'b\n' }),
    );
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => [c.path, c.kind])).toEqual([['n.txt', 'add-add']]);
  });

  it('modify/delete', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'a.txt': 'a\n', 'b.txt': 'b\n' },
      (r) => r.write({ 'a.txt': 'changed\n' }),
      (r) => r.git(['rm', '-q', 'a.txt']),
    );
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts[0]?.kind).toBe('modify-delete');
  });

  it('binary files: identical changes are clean, different ones conflict', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'b.bin': Buffer.from([0, 1, 2]), 'c.bin': Buffer.from([0, 9]) },
      (r) => r.write({ 'b.bin': Buffer.from([0, 1, 3]), 'c.bin': Buffer.from([0, 7]) }),
      (r) => r.write({ 'b.bin': Buffer.from([0, 1, 4]), 'c.bin': Buffer.from([0, 7]) }),
    );
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => [c.path, c.kind])).toEqual([['b.bin', 'binary']]);
  });

  it('mode: an executable bit on one side merges, different modes on both sides conflict', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'run.sh': 'echo\n', 'x.sh': 'x\n' },
      (r) => r.git(['update-index', '--chmod=+x', 'run.sh']),
      (r) => r.write({ 'x.sh': 'y\n' }),
    );
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
    history(
      repo,
      { 'k.txt': 'k\n' },
      (r) => r.write({ p: 'file\n' }),
      (r) => r.write({ 'p/inner.txt': 'dir\n' }),
    );
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.map((c) => c.kind)).toContain('file-directory');
  });

  it("exact rename on one side carries the other side's edit to the new path", async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'old.txt': 'l1\nl2\nl3\nl4\n', 'keep/k.txt': 'k\n' },
      (r) => r.git(['mv', 'old.txt', 'keep/new.txt']),
      (r) => r.write({ 'old.txt': 'l1\nl2\nl3\nL4\n' }),
    );
    const got = await compare(repo);
    expect(got.clean).toBe(true);
    if (got.clean) expect(repo.git(['cat-file', '-p', `${got.tree}:keep/new.txt`])).toBe('l1\nl2\nl3\nL4');
  });

  it('rename/rename to different paths conflicts', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'a.txt': 'content\n', 'b.txt': 'b\n' },
      (r) => r.git(['mv', 'a.txt', 'x.txt']),
      (r) => r.git(['mv', 'a.txt', 'y.txt']),
    );
    const got = await compare(repo);
    if (!got.clean) expect(got.conflicts.every((c) => c.kind === 'rename')).toBe(true);
  });

  // issue 20: renames with edits (sha1_file.c -> sha1-file.c, builtin-log.c -> builtin/log.c in git.git)
  const lines = (n: number, tag = ''): string => Array.from({ length: n }, (_, i) => `line ${i + 1} of a source file${i === 10 ? tag : ''}\n`).join('');

  it("follows a rename with edits (inexact rename) and merges the other side's edit into the new path", async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'sha1_file.c': lines(20), 'keep.c': 'k\n' },
      (r) => {
        r.git(['mv', 'sha1_file.c', 'sha1-file.c']);
        r.write({ 'sha1-file.c': lines(20).replace('line 2 of', 'LINE 2 of') });
      },
      (r) => r.write({ 'sha1_file.c': lines(20).replace('line 19 of', 'LINE 19 of') }),
    );
    const got = await compare(repo);
    expect(got.clean).toBe(true);
    if (got.clean) expect(repo.git(['cat-file', '-p', `${got.tree}:sha1-file.c`])).toBe(lines(20).replace('line 2 of', 'LINE 2 of').replace('line 19 of', 'LINE 19 of').trimEnd());
  });

  it('follows a file moved into a new directory with edits when the other side edits it too', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'builtin-log.c': lines(30), 'builtin-notes.c': lines(25, ' notes') },
      (r) => {
        r.git(['rm', '-q', 'builtin-log.c', 'builtin-notes.c']);
        r.write({ 'builtin/log.c': lines(30).replace('line 1 of', 'LINE 1 of'), 'builtin/notes.c': lines(25, ' notes') });
      },
      (r) => r.write({ 'builtin-log.c': lines(30).replace('line 30 of', 'LINE 30 of') }),
    );
    const got = await compare(repo);
    expect(got.clean).toBe(true);
    if (got.clean) expect(repo.git(['cat-file', '-p', `${got.tree}:builtin/log.c`])).toContain('LINE 30 of');
  });

  it('a file added into a directory the other side renamed conflicts as a file location at the new place', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'z/b': 'b\n', 'z/c': 'c\n' },
      (r) => r.git(['mv', 'z', 'y']),
      (r) => r.write({ 'z/d': 'd\n' }),
    );
    const got = await compare(repo);
    expect(got.clean).toBe(false);
    if (!got.clean) {
      expect(got.conflicts.map((c) => [c.path, c.kind])).toEqual([['y/d', 'rename']]);
      expect(got.conflicts[0]?.message).toBe(
        'CONFLICT (file location): z/d added in theirs inside a directory that was renamed in ours, suggesting it should perhaps be moved to y/d.',
      );
    }
  });

  it('reads merge.directoryRenames and merge.renameLimit from the repository config, like git merge-tree', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'z/b': 'b\n', 'z/c': 'c\n' },
      (r) => r.git(['mv', 'z', 'y']),
      (r) => r.write({ 'z/d': 'd\n' }),
    );
    repo.git(['config', 'merge.directoryRenames', 'true']);
    const moved = await compare(repo);
    expect(moved.clean).toBe(true);
    if (moved.clean) expect(repo.git(['cat-file', '-p', `${moved.tree}:y/d`])).toBe('d');
    repo.git(['config', 'merge.directoryRenames', 'false']);
    expect((await compare(repo)).clean).toBe(true);
  });

  it('skips inexact rename detection above merge.renameLimit, like git', async () => {
    repo = createTempRepo();
    history(
      repo,
      { 'a.c': lines(20), 'b.c': lines(20, ' b') },
      (r) => {
        r.git(['mv', 'a.c', 'a2.c']);
        r.git(['mv', 'b.c', 'b2.c']);
        r.write({ 'a2.c': lines(20).replace('line 2 of', 'LINE 2 of'), 'b2.c': lines(20, ' b').replace('line 2 of', 'LINE 2 of') });
      },
      (r) => r.write({ 'a.c': lines(20).replace('line 19 of', 'LINE 19 of') }),
    );
    expect((await compare(repo)).clean).toBe(true);
    repo.git(['config', 'merge.renameLimit', '1']);
    const limited = await compare(repo);
    expect(limited.clean).toBe(false);
    if (!limited.clean) expect(limited.conflicts.map((c) => c.kind)).toEqual(['modify-delete']);
  });

  it('reads tree modes like git (100664 is 100644) and restarts after rename detection like git', async () => {
    repo = createTempRepo();
    const blob = (text: string): string => repo.git(['hash-object', '-w', '--stdin'], text);
    const mktree = (entries: string[]): string => repo.git(['mktree'], `${entries.join('\n')}\n`);
    const dir = (k: number, edited: boolean): string =>
      mktree([
        `100644 blob ${blob(`a of ${k}${edited ? ' edited' : ''}\n`)}\ta`,
        `100644 blob ${blob(`b of ${k}\n`)}\tb`,
        `100644 blob ${blob(`c of ${k}\n`)}\tc`,
        // an old-style mode, as early git wrote them: git reads it as 100644
        ...(k === 5 ? [`100664 blob ${blob('odd\n')}\todd`] : []),
      ]);
    const root = (f: string | null, g: string | null, edited: boolean): string =>
      mktree([
        `100664 blob ${blob('old mode\n')}\tR`,
        ...(f ? [`100644 blob ${blob(f)}\tF`] : []),
        ...(g ? [`100644 blob ${blob(g)}\tG`] : []),
        ...Array.from({ length: 30 }, (_, k) => `040000 tree ${dir(k, edited)}\tD${String(k).padStart(2, '0')}`),
      ]);
    const commit = (tree: string, parents: string[]): string => repo.git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', 'c']);
    const base = commit(root(lines(20), null, false), []);
    // ours edits F; theirs renames F to G with an edit (a relevant source) and edits every directory
    const ours = commit(root(lines(20).replace('line 19 of', 'LINE 19 of'), null, false), [base]);
    const theirs = commit(root(null, lines(20).replace('line 2 of', 'LINE 2 of'), true), [base]);
    repo.git(['update-ref', 'refs/heads/ours', ours]);
    repo.git(['update-ref', 'refs/heads/theirs', theirs]);
    const got = await compare(repo);
    expect(got.clean).toBe(true);
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
