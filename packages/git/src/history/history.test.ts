import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { commitsBetween } from './commits-between.js';
import { firstParentHistory } from './first-parent-history.js';
import { generateHistory, type GeneratedHistory } from './generate-history.js';
import { isAncestor } from './is-ancestor.js';
import { mergeBases } from './merge-bases.js';
import { openHistory } from './open-history.js';

// One synthetic history (merges, syncs, criss-crosses, octopus merges), checked against the
// git binary without git's commit-graph, with one, and with a split chain.
let repo: TempRepo;
let history: GeneratedHistory;
let pairs: Array<[string, string]>;

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function randomPairs(commits: string[], count: number, seed: number): Array<[string, string]> {
  let state = seed;
  const next = (): string => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return commits[state % commits.length] as string;
  };
  return Array.from({ length: count }, () => [next(), next()] as [string, string]);
}

beforeAll(() => {
  repo = createTempRepo({ bare: true });
  // Dates increase along every parent link: git's date-based rev-list walks are exact then.
  history = generateHistory({ dir: repo.dir, commits: 1500, seed: 11 });
  pairs = [
    ...randomPairs(history.commits, 10, 7),
    ...randomPairs(history.merges, 4, 3),
    ...history.crissCrosses.slice(0, 3),
    [history.heads.main as string, history.commits[0] as string],
  ];
});
afterAll(() => repo.remove());

async function fresh() {
  return openRepository({ cwd: repo.dir });
}

describe('the commit index', () => {
  it('holds the parents git reports for every commit', async () => {
    const handle = await fresh();
    const { index } = openHistory(handle);
    const rows = lines(repo.git(['rev-list', '--all', '--parents'])).map((line) => line.split(' '));
    const ids = index.ensure(rows.map((row) => row[0] as string));
    rows.forEach((row, i) => {
      const id = ids[i] as number;
      expect(index.parents(id).map((parent) => index.oid(parent))).toEqual(row.slice(1));
      for (const parent of index.parents(id)) expect(index.generation(parent)).toBeLessThan(index.generation(id));
    });
    expect(history.merges.length).toBeGreaterThan(100);
    expect(rows.some((row) => row.length > 3)).toBe(true); // an octopus merge
  });
});

describe.each([
  ['without a commit-graph', 'none'],
  ['with git commit-graph write --reachable', 'file'],
  ['with a split commit-graph chain', 'chain'],
])('against the git binary, %s', (_label, graph) => {
  beforeAll(() => {
    rmSync(join(repo.dir, 'objects', 'info', 'commit-graph'), { force: true });
    rmSync(join(repo.dir, 'objects', 'info', 'commit-graphs'), { recursive: true, force: true });
    if (graph === 'file') repo.git(['commit-graph', 'write', '--reachable']);
    if (graph === 'chain') {
      // A base layer holding an older part of the history, and a layer with the rest on top.
      repo.git(['commit-graph', 'write', '--split=no-merge', '--stdin-commits'], `${history.commits[900]}\n`);
      repo.git(['commit-graph', 'write', '--reachable', '--split=no-merge']);
      const chain = readFileSync(join(repo.dir, 'objects', 'info', 'commit-graphs', 'commit-graph-chain'), 'utf8');
      expect(lines(chain)).toHaveLength(2);
    }
  });

  it('reads the commit-graph it is given', async () => {
    const state = openHistory(await fresh());
    expect(state.gitGraphId.split(':')[0]).toBe(graph);
    expect(state.gitLayers).toHaveLength(graph === 'chain' ? 2 : graph === 'file' ? 1 : 0);
  });

  it('mergeBases equals git merge-base --all', async () => {
    const handle = await fresh();
    let several = 0;
    for (const [a, b] of pairs) {
      const expected = lines(gitResult(repo.dir, ['merge-base', '--all', a, b], { allowFailure: true }).stdout).sort();
      if (expected.length > 1) several += 1;
      expect((await mergeBases({ repo: handle, a, b })).sort()).toEqual(expected);
    }
    expect(several).toBeGreaterThan(0);
  });

  it('isAncestor equals git merge-base --is-ancestor', async () => {
    const handle = await fresh();
    let yes = 0;
    const checks: Array<[string, string]> = [...pairs, ...pairs.map(([a, b]) => [b, a] as [string, string])];
    checks.push([history.commits[0] as string, history.heads.main as string]);
    for (const [ancestor, descendant] of checks) {
      const expected = gitResult(repo.dir, ['merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true }).status === 0;
      if (expected) yes += 1;
      expect(await isAncestor({ repo: handle, ancestor, descendant })).toBe(expected);
    }
    expect(yes).toBeGreaterThan(1);
  });

  it('commitsBetween equals git rev-list --date-order include ^exclude', async () => {
    const handle = await fresh();
    for (const [exclude, include] of pairs.slice(0, 8)) {
      const expected = lines(repo.git(['rev-list', '--date-order', include, `^${exclude}`]));
      expect(await commitsBetween({ repo: handle, exclude, include })).toEqual(expected);
    }
    const feature = Object.entries(history.heads).filter(([name]) => name !== 'main').map(([, sha]) => sha);
    const expected = lines(repo.git(['rev-list', '--date-order', ...feature, '^main']));
    expect(await commitsBetween({ repo: handle, exclude: [history.heads.main as string], include: feature })).toEqual(expected);
  });

  it('firstParentHistory equals git rev-list --first-parent', async () => {
    const handle = await fresh();
    for (const [until, tip] of pairs.slice(0, 8)) {
      const expected = lines(repo.git(['rev-list', '--first-parent', '-n', '300', tip, `^${until}`]));
      const listed = await firstParentHistory({ repo: handle, tip, until, limit: 300 });
      expect(listed.map((commit) => commit.sha)).toEqual(expected);
    }
    const main = history.heads.main as string;
    const all = await firstParentHistory({ repo: handle, tip: main });
    expect(all.map((commit) => commit.sha)).toEqual(lines(repo.git(['rev-list', '--first-parent', main])));
    const raw = lines(repo.git(['log', '--first-parent', '-n', '3', '--format=%T %P|%an|%ae|%at|%ct|%s', main]));
    expect(
      all.slice(0, 3).map((c) => `${c.tree} ${c.parents.join(' ')}|${c.author.name}|${c.author.email}|${c.author.timestamp}|${c.committer.timestamp}|${c.message.split('\n')[0]}`),
    ).toEqual(raw);
  });
});


describe('with clock skew (committer dates going back in time)', () => {
  let skewed: TempRepo;
  let skewedHistory: GeneratedHistory;
  const parentsOf = new Map<string, string[]>();
  const ancestorsOf = (tip: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [tip];
    while (stack.length > 0) {
      const sha = stack.pop() as string;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...(parentsOf.get(sha) ?? []));
    }
    return seen;
  };

  beforeAll(() => {
    skewed = createTempRepo({ bare: true });
    skewedHistory = generateHistory({ dir: skewed.dir, commits: 800, seed: 5, skewEvery: 4 });
    for (const line of lines(skewed.git(['rev-list', '--all', '--parents']))) {
      const [sha, ...parents] = line.split(' ');
      parentsOf.set(sha as string, parents);
    }
  });
  afterAll(() => skewed.remove());

  it('mergeBases and isAncestor still equal git (whose merge-base walks do not depend on dates)', async () => {
    const handle = await openRepository({ cwd: skewed.dir });
    const checks = [...randomPairs(skewedHistory.commits, 8, 5), ...skewedHistory.crissCrosses.slice(0, 2)];
    for (const [a, b] of checks) {
      const expected = lines(gitResult(skewed.dir, ['merge-base', '--all', a, b], { allowFailure: true }).stdout).sort();
      expect((await mergeBases({ repo: handle, a, b })).sort()).toEqual(expected);
      const ancestor = gitResult(skewed.dir, ['merge-base', '--is-ancestor', a, b], { allowFailure: true }).status === 0;
      expect(await isAncestor({ repo: handle, ancestor: a, descendant: b })).toBe(ancestor);
    }
  });

  it('commitsBetween and firstParentHistory equal the full ancestor sets (git rev-list cuts corners here)', async () => {
    const handle = await openRepository({ cwd: skewed.dir });
    for (const [exclude, include] of randomPairs(skewedHistory.commits, 12, 9)) {
      const excluded = ancestorsOf(exclude);
      const expected = [...ancestorsOf(include)].filter((sha) => !excluded.has(sha)).sort();
      const listed = await commitsBetween({ repo: handle, exclude, include });
      expect([...listed].sort()).toEqual(expected);
      const position = new Map(listed.map((sha, i) => [sha, i]));
      for (const sha of listed) {
        for (const parent of parentsOf.get(sha) ?? []) expect(position.get(parent) ?? Infinity).toBeGreaterThan(position.get(sha) as number);
      }
      const firstParents: string[] = [];
      for (let sha: string | undefined = include; sha !== undefined && !excluded.has(sha); sha = parentsOf.get(sha)?.[0]) {
        firstParents.push(sha);
      }
      const history = await firstParentHistory({ repo: handle, tip: include, until: exclude });
      expect(history.map((commit) => commit.sha)).toEqual(firstParents);
    }
  });
});
