import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, makeTempDir, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { commitsBetween } from './commits-between.js';
import { generateHistory } from './generate-history.js';
import { isAncestor } from './is-ancestor.js';
import { mergeBases } from './merge-bases.js';
import { openHistory } from './open-history.js';
import { saveHistory } from './save-history.js';

// relctl's own cache: <commonDir>/relctl/commit-index/{chain, <checksum>.graph}.

const cleanup: Array<() => void> = [];
afterEach(() => {
  while (cleanup.length > 0) (cleanup.pop() as () => void)();
});

function bareRepo(): TempRepo {
  const repo = createTempRepo({ bare: true });
  cleanup.push(() => repo.remove());
  return repo;
}

function chain(repo: TempRepo): string[] {
  return readFileSync(join(repo.dir, 'relctl', 'commit-index', 'chain'), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** Move these files of objects/pack away (returns a function that brings them back). */
function hidePacks(repo: TempRepo, names: string[]): () => void {
  const packDir = join(repo.dir, 'objects', 'pack');
  const hidden = makeTempDir('hidden-packs');
  for (const name of names) renameSync(join(packDir, name), join(hidden, name));
  return () => {
    for (const name of names) renameSync(join(hidden, name), join(packDir, name));
    rmSync(hidden, { recursive: true, force: true });
  };
}

describe('the commit index cache', () => {
  it('is written in git commit-graph format that git commit-graph verify accepts', async () => {
    const repo = bareRepo();
    const history = generateHistory({ dir: repo.dir, commits: 400, seed: 2, skewEvery: 5 });
    const root = history.commits[0] as string;
    expect(await isAncestor({ repo: await openRepository({ cwd: repo.dir }), ancestor: root, descendant: history.heads.main as string })).toBe(true);
    const [signature, base, layer, ...more] = chain(repo);
    expect([signature, base, more]).toEqual(['relctl-commit-index 1', 'base none', []]);
    // Handing relctl's layer to git as its commit-graph: git checks parents, trees, dates and generations.
    copyFileSync(join(repo.dir, 'relctl', 'commit-index', `${layer}.graph`), join(repo.dir, 'objects', 'info', 'commit-graph'));
    const verify = gitResult(repo.dir, ['commit-graph', 'verify'], { allowFailure: true });
    expect(verify.status).toBe(0);
    // git verifies corrected commit dates when present, not topological levels: check those here.
    const { index } = openHistory({ repo: await openRepository({ cwd: repo.dir }) });
    const level = new Map<string, number>();
    for (const line of lines(repo.git(['rev-list', '--reverse', '--topo-order', '--parents', history.heads.main as string]))) {
      const [sha, ...parents] = line.split(' ');
      level.set(sha as string, 1 + Math.max(0, ...parents.map((parent) => level.get(parent) as number)));
    }
    expect(level.size).toBeGreaterThan(300);
    for (const [sha, expected] of level) expect(index.level(index.lookup(sha))).toBe(expected);
  });

  it('reads only new commits on the next run, and merges small layers', async () => {
    const repo = bareRepo();
    const first = generateHistory({ dir: repo.dir, commits: 300, seed: 3 });
    const root = first.commits[0] as string;
    // Index every branch, so that the old pack is not needed for any old commit.
    const everything = await commitsBetween({ repo: await openRepository({ cwd: repo.dir }), exclude: [], include: Object.values(first.heads) });
    expect(everything).toHaveLength(300);
    expect(chain(repo)).toHaveLength(3);

    // New commits arrive in a new pack; the old pack disappears, so the old commits can only
    // come from the cache.
    const oldPacks = readdirSync(join(repo.dir, 'objects', 'pack'));
    const second = generateHistory({ dir: repo.dir, commits: 40, seed: 4, heads: first.heads, startTime: first.lastTime + 60 });
    const restoreOld = hidePacks(repo, oldPacks);
    const main = second.heads.main as string;
    let sizes: number[] = [];
    try {
      const handle = await openRepository({ cwd: repo.dir });
      expect(await isAncestor({ repo: handle, ancestor: root, descendant: main })).toBe(true);
      const state = openHistory({ repo: handle });
      // Fewer than 32 new commits: kept in memory, not worth writing files for yet.
      expect(state.index.size).toBeGreaterThan(state.index.layeredCount);
      expect(chain(repo)).toHaveLength(3);
      saveHistory({ state, minimum: 1 });
      sizes = [state.index.layeredCount, state.index.size];
    } finally {
      restoreOld();
    }
    const count = Number(repo.git(['rev-list', '--count', main, ...Object.values(first.heads)]));
    expect(sizes).toEqual([count, count]); // all in layers: nothing left to read after the save
    // About 20 new commits against a layer of about 300: stacked, not merged.
    expect(chain(repo)).toHaveLength(4);
    const third = generateHistory({ dir: repo.dir, commits: 200, seed: 5, heads: second.heads, startTime: second.lastTime + 60 });
    const handle = await openRepository({ cwd: repo.dir });
    expect(await mergeBases({ repo: handle, a: third.heads.main as string, b: first.heads.main as string })).toEqual([first.heads.main]);
    // About 200 more: the small layer (and then the big one) are merged in.
    expect(chain(repo)).toHaveLength(3);
    const known = [third.heads.main as string, ...Object.values(first.heads)];
    expect(openHistory({ repo: handle }).index.layeredCount).toBe(Number(repo.git(['rev-list', '--count', ...known])));
    const layerFiles = readdirSync(join(repo.dir, 'relctl', 'commit-index')).filter((name) => name.endsWith('.graph'));
    expect(layerFiles).toEqual([`${chain(repo)[2]}.graph`]);
  });

  it('is rebuilt on top of git commit-graph once git writes one, and extends it', async () => {
    const repo = bareRepo();
    const first = generateHistory({ dir: repo.dir, commits: 200, seed: 6 });
    const root = first.commits[0] as string;
    await isAncestor({ repo: await openRepository({ cwd: repo.dir }), ancestor: root, descendant: first.heads.main as string });
    const oldLayer = chain(repo)[2] as string;
    repo.git(['commit-graph', 'write', '--reachable']);
    const second = generateHistory({ dir: repo.dir, commits: 30, seed: 7, heads: first.heads, startTime: first.lastTime + 60 });
    const handle = await openRepository({ cwd: repo.dir });
    const main = second.heads.main as string;
    const excluded = first.heads.main as string;
    expect(await commitsBetween({ repo: handle, exclude: excluded, include: main })).toEqual(lines(repo.git(['rev-list', '--date-order', main, `^${excluded}`])));
    const state = openHistory({ repo: handle });
    saveHistory({ state, minimum: 1 });
    expect(state.gitLayers).toHaveLength(1);
    const [, base, layer] = chain(repo);
    expect(base).toBe(`base ${state.gitGraphId}`);
    const inGraph = Number(repo.git(['rev-list', '--count', ...Object.values(first.heads)]));
    expect(state.gitLayers[0]?.count).toBe(inGraph);
    // relctl's layer holds exactly the new commits it needed: those of main not in git's graph.
    const newer = Number(repo.git(['rev-list', '--count', main, '--not', ...Object.values(first.heads)]));
    expect(newer).toBeGreaterThan(0);
    expect(state.cacheLayers.map((l) => l.count)).toEqual([newer]);
    expect(state.index.layeredCount).toBe(inGraph + newer);
    expect(existsSync(join(repo.dir, 'relctl', 'commit-index', `${oldLayer}.graph`))).toBe(false);
    expect(existsSync(join(repo.dir, 'relctl', 'commit-index', `${layer}.graph`))).toBe(true);
  });

  it('lives in the common git dir, shared by linked worktrees', async () => {
    const repo = createTempRepo();
    cleanup.push(() => repo.remove());
    const first = repo.commit('one', { 'a.txt': '1\n' });
    const second = repo.commit('two', { 'a.txt': '2\n' });
    const worktree = makeTempDir('worktree');
    cleanup.push(() => rmSync(worktree, { recursive: true, force: true }));
    repo.git(['worktree', 'add', '-q', '-b', 'other', join(worktree, 'w'), first]);
    const handle = await openRepository({ cwd: join(worktree, 'w') });
    expect(handle.gitdir).not.toBe(handle.commonDir);
    expect(await isAncestor({ repo: handle, ancestor: first, descendant: second })).toBe(true);
    saveHistory({ state: openHistory({ repo: handle }), minimum: 1 });
    expect(existsSync(join(repo.dir, '.git', 'relctl', 'commit-index', 'chain'))).toBe(true);
  });

  it('ignores a damaged cache and leaves one another process changed alone', async () => {
    const repo = bareRepo();
    const history = generateHistory({ dir: repo.dir, commits: 120, seed: 8 });
    const main = history.heads.main as string;
    const root = history.commits[0] as string;
    mkdirSync(join(repo.dir, 'relctl', 'commit-index'), { recursive: true });
    writeFileSync(join(repo.dir, 'relctl', 'commit-index', 'chain'), 'relctl-commit-index 1\nbase none\n0123abcd\n');
    expect(await isAncestor({ repo: await openRepository({ cwd: repo.dir }), ancestor: root, descendant: main })).toBe(true);
    expect(chain(repo)).toHaveLength(3);
    const layer = join(repo.dir, 'relctl', 'commit-index', `${chain(repo)[2]}.graph`);
    writeFileSync(layer, Buffer.from('CGPH garbage'));
    expect(await isAncestor({ repo: await openRepository({ cwd: repo.dir }), ancestor: root, descendant: main })).toBe(true);
    expect(readFileSync(layer).length).toBeGreaterThan(120 * 56);

    // Another process rewrote the chain after we loaded it: do not overwrite its work.
    rmSync(join(repo.dir, 'relctl'), { recursive: true, force: true });
    const state = openHistory({ repo: await openRepository({ cwd: repo.dir }) });
    state.index.ensure([main]);
    mkdirSync(join(repo.dir, 'relctl', 'commit-index'), { recursive: true });
    writeFileSync(join(repo.dir, 'relctl', 'commit-index', 'chain'), 'written by someone else\n');
    saveHistory({ state });
    expect(readFileSync(join(repo.dir, 'relctl', 'commit-index', 'chain'), 'utf8')).toBe('written by someone else\n');
    expect(state.index.size).toBe(120); // still answering from memory
  });
});
