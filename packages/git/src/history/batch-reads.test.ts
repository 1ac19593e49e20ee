import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, StateError, UsageError } from '@relctl/core';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { createShallowClone, type ShallowClone } from '../test-support/create-shallow-clone.js';
import { createSystemGitPort } from '../system/create-system-git-port.js';
import { ancestorsAmong } from './ancestors-among.js';
import { generateHistory, type GeneratedHistory } from './generate-history.js';
import { isAncestor } from './is-ancestor.js';
import { readFilesAt } from './read-files-at.js';
import { readReachableCommits } from './read-reachable-commits.js';

// The batched reads (many questions, one pass) against the git binary: ancestorsAmong against
// `git for-each-ref --merged` and isAncestor, readReachableCommits against `git rev-list` and
// the system port's `cat-file` reads, readFilesAt against the system port's readFile.

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

describe('batched history reads', () => {
  let repo: TempRepo;
  let history: GeneratedHistory;

  beforeAll(() => {
    repo = createTempRepo({ bare: true });
    history = generateHistory({ dir: repo.dir, commits: 400, seed: 5 });
  });
  afterAll(() => repo.remove());

  describe.each([
    ['without a commit-graph', false],
    ['with git commit-graph write --reachable', true],
  ])('%s', (_label, graph) => {
    beforeAll(() => {
      rmSync(join(repo.dir, 'objects', 'info', 'commit-graph'), { force: true });
      rmSync(join(repo.dir, 'relctl'), { recursive: true, force: true });
      if (graph) repo.git(['commit-graph', 'write', '--reachable']);
    });

    it('ancestorsAmong equals git for-each-ref --merged and isAncestor, candidate by candidate', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      const tip = history.heads.main as string;
      const heads = Object.values(history.heads);
      // Every 7th commit, every head (some merged, some not), the tip itself, and a duplicate.
      const candidates = [...history.commits.filter((_, i) => i % 7 === 0), ...heads, tip, history.commits[0] as string];
      repo.git(['update-ref', '--stdin'], candidates.map((sha, i) => `update refs/check/${i} ${sha}\n`).join(''));
      const merged = new Set(lines(repo.git(['for-each-ref', `--merged=${tip}`, '--format=%(objectname)', 'refs/check/'])));
      repo.git(['update-ref', '--stdin'], candidates.map((_, i) => `delete refs/check/${i}\n`).join(''));
      expect(merged.size).toBeGreaterThan(10);
      expect(merged.size).toBeLessThan(new Set(candidates).size);

      const found = await ancestorsAmong({ repo: handle, candidates, tip });
      expect([...found].sort()).toEqual([...merged].sort());
      for (const candidate of candidates.slice(0, 30)) {
        expect(found.has(candidate)).toBe(await isAncestor({ repo: handle, ancestor: candidate, descendant: tip }));
      }
      // Against another tip: a feature branch.
      const feature = heads.find((sha) => sha !== tip) as string;
      const other = await ancestorsAmong({ repo: handle, candidates, tip: feature });
      for (const candidate of candidates) {
        expect(other.has(candidate)).toBe(await isAncestor({ repo: handle, ancestor: candidate, descendant: feature }));
      }
      expect(await ancestorsAmong({ repo: handle, candidates: [], tip })).toEqual(new Set());
    });

    it('readReachableCommits lists what git rev-list lists, parsed as the system port parses it', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      const tip = history.heads.main as string;
      const commits = await readReachableCommits({ repo: handle, tip });
      expect(commits.map((commit) => commit.sha).sort()).toEqual(lines(repo.git(['rev-list', tip])).sort());
      expect(commits[0]?.sha).toBe(tip);
      const port = createSystemGitPort({ cwd: repo.dir });
      try {
        const expected = await Promise.all(commits.map((commit) => port.readCommit(commit.sha)));
        expect(commits).toEqual(expected);
      } finally {
        port.close();
      }
    });
  });

  it('readFilesAt equals the system port readFile: files, absent paths, folders, trees and tags', async () => {
    const handle = await openRepository({ cwd: repo.dir });
    const tip = history.heads.main as string;
    const files = lines(repo.git(['ls-tree', '-r', '--name-only', tip]));
    const folder = files.find((path) => path.includes('/'))?.split('/')[0];
    repo.git(['tag', '-a', '-m', 'v1', 'v1', tip]);
    const tag = repo.git(['rev-parse', 'v1']);
    const tree = repo.git(['rev-parse', `${tip}^{tree}`]);
    const old = history.commits[3] as string;
    const reads = [
      ...files.slice(0, 5).map((path) => ({ commitOrTree: tip, path })),
      ...files.slice(0, 5).map((path) => ({ commitOrTree: old, path })),
      { commitOrTree: tip, path: 'no/such/file.txt' },
      { commitOrTree: tip, path: 'missing.md' },
      { commitOrTree: tree, path: files[0] as string },
      { commitOrTree: tag, path: files[1] as string },
      ...(folder ? [{ commitOrTree: tip, path: folder }] : []),
      { commitOrTree: tip, path: `${files[0] as string}/below` },
    ];
    const port = createSystemGitPort({ cwd: repo.dir });
    try {
      const expected = await Promise.all(reads.map(({ commitOrTree, path }) => port.readFile(commitOrTree, path)));
      const actual = await readFilesAt({ repo: handle, reads });
      expect(actual.map((bytes) => (bytes ? Buffer.from(bytes).toString('utf8') : null))).toEqual(expected.map((bytes) => (bytes ? Buffer.from(bytes).toString('utf8') : null)));
      expect(actual.filter((bytes) => bytes !== null).length).toBeGreaterThan(5);
      expect(actual.filter((bytes) => bytes === null).length).toBeGreaterThan(2);
    } finally {
      port.close();
    }
    await expect(readFilesAt({ repo: handle, reads: [{ commitOrTree: 'f'.repeat(40), path: 'a.txt' }] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readFilesAt({ repo: handle, reads: [{ commitOrTree: 'main', path: 'a.txt' }] })).rejects.toBeInstanceOf(UsageError);
  });

  it('rejects unknown and malformed ids', async () => {
    const handle = await openRepository({ cwd: repo.dir });
    const tip = history.heads.main as string;
    await expect(ancestorsAmong({ repo: handle, candidates: ['e'.repeat(40)], tip })).rejects.toBeInstanceOf(NotFoundError);
    await expect(ancestorsAmong({ repo: handle, candidates: ['main'], tip })).rejects.toBeInstanceOf(UsageError);
    await expect(readReachableCommits({ repo: handle, tip: 'e'.repeat(40) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readReachableCommits({ repo: handle, tip: 'main' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('batched history reads in a shallow clone', () => {
  let fixture: ShallowClone;
  let clone: TempRepo;
  let sha: Record<string, string>;

  // main: m1 … m6; side forks at m2 (behind the boundary of a depth-3 clone).
  beforeAll(() => {
    fixture = createShallowClone({ mainCommits: 6 });
    ({ clone, sha } = fixture);
  });
  afterAll(() => fixture.remove());

  it('answers within the fetched history and throws StateError as isAncestor does behind the boundary', async () => {
    const repo = await openRepository({ cwd: clone.dir });
    const found = await ancestorsAmong({ repo, candidates: [sha.m5 as string, sha.m6 as string], tip: sha.m6 as string });
    expect([...found].sort()).toEqual([sha.m5, sha.m6].sort());
    await expect(isAncestor({ repo, ancestor: sha.side as string, descendant: sha.m6 as string })).rejects.toBeInstanceOf(StateError);
    await expect(ancestorsAmong({ repo, candidates: [sha.m5 as string, sha.side as string], tip: sha.m6 as string })).rejects.toBeInstanceOf(StateError);
    // The log reader falls back to the port here: the in-process read refuses to guess.
    await expect(readReachableCommits({ repo, tip: sha.m6 as string })).rejects.toBeInstanceOf(NotFoundError);
  });
});
