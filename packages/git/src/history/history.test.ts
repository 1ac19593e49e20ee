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

// Synthetic histories (merges, syncs, criss-crosses, octopus merges) checked against the git
// binary, without git's commit-graph, with one, and with a split chain. Spawning git is slow
// on a busy machine, so each check asks git directly for a few cases and compares the many
// others with answers computed from git's own `rev-list --all --parents` output.

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

/** Answers computed the slow, obvious way from the parents git lists for every commit. */
class Reference {
  readonly parents = new Map<string, string[]>();
  private readonly ancestors = new Map<string, Set<string>>();

  constructor(repo: TempRepo) {
    for (const line of lines(repo.git(['rev-list', '--all', '--parents']))) {
      const [sha, ...parents] = line.split(' ');
      this.parents.set(sha as string, parents);
    }
  }

  /** The commit and everything reachable from it. */
  reachable(tip: string): Set<string> {
    let found = this.ancestors.get(tip);
    if (found) return found;
    found = new Set<string>();
    const stack = [tip];
    while (stack.length > 0) {
      const sha = stack.pop() as string;
      if (found.has(sha)) continue;
      found.add(sha);
      stack.push(...(this.parents.get(sha) ?? []));
    }
    this.ancestors.set(tip, found);
    return found;
  }

  mergeBases(a: string, b: string): string[] {
    const other = this.reachable(b);
    const common = [...this.reachable(a)].filter((sha) => other.has(sha));
    // Common ancestors are closed under "parent of", so the ones below another are exactly
    // the parents of common ancestors.
    const below = new Set(common.flatMap((sha) => this.parents.get(sha) ?? []));
    return common.filter((sha) => !below.has(sha)).sort();
  }

  between(exclude: string, include: string): string[] {
    const excluded = this.reachable(exclude);
    return [...this.reachable(include)].filter((sha) => !excluded.has(sha)).sort();
  }

  firstParents(tip: string, until: string, limit = Infinity): string[] {
    const excluded = this.reachable(until);
    const listed: string[] = [];
    for (let sha: string | undefined = tip; sha !== undefined && !excluded.has(sha) && listed.length < limit; sha = this.parents.get(sha)?.[0]) {
      listed.push(sha);
    }
    return listed;
  }
}

/** Commits listed before their parents? */
function expectTopological(listed: string[], reference: Reference): void {
  const position = new Map(listed.map((sha, i) => [sha, i]));
  for (const sha of listed) {
    for (const parent of reference.parents.get(sha) ?? []) {
      if (position.has(parent)) expect(position.get(parent)).toBeGreaterThan(position.get(sha) as number);
    }
  }
}

describe('history operations', () => {
  let repo: TempRepo;
  let history: GeneratedHistory;
  let reference: Reference;
  let pairs: Array<[string, string]>;

  beforeAll(() => {
    repo = createTempRepo({ bare: true });
    // Dates increase along every parent link: git's date-based rev-list walks are exact then.
    history = generateHistory({ dir: repo.dir, commits: 1000, seed: 11 });
    reference = new Reference(repo);
    pairs = [
      ...randomPairs(history.commits, 16, 7),
      ...randomPairs(history.merges, 6, 3),
      ...history.crissCrosses.slice(0, 3),
      [history.heads.main as string, history.commits[0] as string],
    ];
  });
  afterAll(() => repo.remove());

  it('builds a history with merges, criss-crosses and octopus merges', () => {
    expect(history.commits).toHaveLength(1000);
    expect(history.merges.length).toBeGreaterThan(150);
    expect(history.crissCrosses.length).toBeGreaterThan(2);
    expect([...reference.parents.values()].some((parents) => parents.length > 2)).toBe(true);
  });

  describe.each([
    ['without a commit-graph', 'none'],
    ['with git commit-graph write --reachable', 'file'],
    ['with a split commit-graph chain', 'chain'],
  ])('%s', (_label, graph) => {
    // git's own answers do not depend on its commit-graph: ask it directly once, in the first
    // mode, and compare the other modes with the answers derived from its parent lists.
    const direct = graph === 'none';
    beforeAll(() => {
      rmSync(join(repo.dir, 'objects', 'info', 'commit-graph'), { force: true });
      rmSync(join(repo.dir, 'objects', 'info', 'commit-graphs'), { recursive: true, force: true });
      rmSync(join(repo.dir, 'relctl'), { recursive: true, force: true });
      if (graph === 'file') repo.git(['commit-graph', 'write', '--reachable']);
      if (graph === 'chain') {
        // A base layer with an older part of the history, and a layer with the rest on top.
        repo.git(['commit-graph', 'write', '--split=no-merge', '--stdin-commits'], `${history.commits[600]}\n`);
        repo.git(['commit-graph', 'write', '--reachable', '--split=no-merge']);
      }
    });

    it('reads the commit-graph and holds the parents git reports for every commit', async () => {
      const state = openHistory({ repo: await openRepository({ cwd: repo.dir }) });
      expect(state.gitGraphId.split(':')[0]).toBe(graph);
      expect(state.gitLayers).toHaveLength(graph === 'chain' ? 2 : graph === 'file' ? 1 : 0);
      if (graph === 'chain') {
        const chain = readFileSync(join(repo.dir, 'objects', 'info', 'commit-graphs', 'commit-graph-chain'), 'utf8');
        expect(state.gitLayers.map((layer) => layer.checksum)).toEqual(lines(chain));
      }
      const { index } = state;
      const shas = [...reference.parents.keys()];
      const ids = index.ensure(shas);
      shas.forEach((sha, i) => {
        const id = ids[i] as number;
        expect(index.oid(id)).toBe(sha);
        expect(index.parents(id).map((parent) => index.oid(parent))).toEqual(reference.parents.get(sha));
        for (const parent of index.parents(id)) expect(index.generation(parent)).toBeLessThan(index.generation(id));
      });
      if (graph !== 'none') expect(index.size).toBe(index.layeredCount); // nothing read from objects
    });

    it('mergeBases equals git merge-base --all', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      let several = 0;
      for (const [a, b] of pairs) {
        const expected = reference.mergeBases(a, b);
        if (expected.length > 1) several += 1;
        expect((await mergeBases({ repo: handle, a, b })).sort()).toEqual(expected);
      }
      expect(several).toBeGreaterThan(1);
      if (!direct) return;
      for (const [a, b] of [...history.crissCrosses.slice(0, 2), ...pairs.slice(0, 2)]) {
        const git = lines(gitResult(repo.dir, ['merge-base', '--all', a, b], { allowFailure: true }).stdout).sort();
        expect((await mergeBases({ repo: handle, a, b })).sort()).toEqual(git);
      }
    });

    it('isAncestor equals git merge-base --is-ancestor', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      let yes = 0;
      for (const [a, b] of pairs) {
        for (const [ancestor, descendant] of [
          [a, b],
          [b, a],
        ] as const) {
          const expected = reference.reachable(descendant).has(ancestor);
          if (expected) yes += 1;
          expect(await isAncestor({ repo: handle, ancestor, descendant })).toBe(expected);
        }
      }
      expect(yes).toBeGreaterThan(5);
      if (!direct) return;
      // git itself, in one call: which of these commits are ancestors of main?
      const candidates = pairs.slice(0, 12).map(([a]) => a);
      repo.git(['update-ref', '--stdin'], candidates.map((sha, i) => `update refs/check/${i} ${sha}\n`).join(''));
      const merged = new Set(lines(repo.git(['for-each-ref', '--merged=main', '--format=%(objectname)', 'refs/check/'])));
      repo.git(['update-ref', '--stdin'], candidates.map((_, i) => `delete refs/check/${i}\n`).join(''));
      for (const sha of candidates) {
        expect(await isAncestor({ repo: handle, ancestor: sha, descendant: history.heads.main as string })).toBe(merged.has(sha));
      }
      expect(await isAncestor({ repo: handle, ancestor: history.commits[5] as string, descendant: history.commits[5] as string })).toBe(true);
    });

    it('commitsBetween equals git rev-list --date-order include ^exclude', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      for (const [exclude, include] of pairs) {
        const listed = await commitsBetween({ repo: handle, exclude, include });
        expect([...listed].sort()).toEqual(reference.between(exclude, include));
        expectTopological(listed, reference);
      }
      if (!direct) return;
      for (const [exclude, include] of pairs.slice(0, 2)) {
        const git = lines(repo.git(['rev-list', '--date-order', include, `^${exclude}`]));
        expect(await commitsBetween({ repo: handle, exclude, include })).toEqual(git);
      }
      const features = Object.entries(history.heads)
        .filter(([name]) => name !== 'main')
        .map(([, sha]) => sha);
      const git = lines(repo.git(['rev-list', '--date-order', ...features, '^main']));
      expect(await commitsBetween({ repo: handle, exclude: [history.heads.main as string], include: features })).toEqual(git);
    });

    it('walks only the part of the history the answer needs', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      const main = history.heads.main as string;
      const [base, parent] = lines(repo.git(['rev-parse', `${main}~3`, `${main}~1`]));
      const { index } = openHistory({ repo: handle });
      index.ensure([main, base as string, parent as string]);
      let visits = 0;
      const parents = index.parents.bind(index);
      index.parents = (id: number) => {
        visits += 1;
        return parents(id);
      };
      const listed = await commitsBetween({ repo: handle, exclude: base as string, include: main });
      expect(listed.length).toBeGreaterThan(0);
      expect(visits).toBeLessThan(Math.min(history.commits.length / 4, 4 * listed.length + 60));
      visits = 0;
      expect(await isAncestor({ repo: handle, ancestor: parent as string, descendant: main })).toBe(true);
      expect(visits).toBe(1);
      visits = 0;
      expect((await mergeBases({ repo: handle, a: main, b: base as string })).length).toBe(1);
      expect(visits).toBeLessThan(Math.min(history.commits.length / 4, 4 * listed.length + 60));
    });

    it('firstParentHistory equals git rev-list --first-parent', async () => {
      const handle = await openRepository({ cwd: repo.dir });
      for (const [until, tip] of pairs) {
        const listed = await firstParentHistory({ repo: handle, tip, until, limit: 200 });
        expect(listed.map((commit) => commit.sha)).toEqual(reference.firstParents(tip, until, 200));
      }
      if (!direct) return;
      const [until, tip] = pairs[0] as [string, string];
      const git = lines(repo.git(['rev-list', '--first-parent', '-n', '50', tip, `^${until}`]));
      expect((await firstParentHistory({ repo: handle, tip, until, limit: 50 })).map((commit) => commit.sha)).toEqual(git);
      const main = history.heads.main as string;
      const all = await firstParentHistory({ repo: handle, tip: main });
      expect(all.map((commit) => commit.sha)).toEqual(lines(repo.git(['rev-list', '--first-parent', main])));
      const log = lines(repo.git(['log', '--first-parent', '-n', '3', '--format=%T %P|%an|%ae|%at|%ct|%s', main]));
      const mine = all.slice(0, 3).map((c) => {
        const subject = c.message.split('\n')[0];
        return `${c.tree} ${c.parents.join(' ')}|${c.author.name}|${c.author.email}|${c.author.timestamp}|${c.committer.timestamp}|${subject}`;
      });
      expect(mine).toEqual(log);
      expect(await firstParentHistory({ repo: handle, tip: main, limit: 0 })).toEqual([]);
      expect(await firstParentHistory({ repo: handle, tip: main, until: main })).toEqual([]);
    });
  });
});

describe('with clock skew (committer dates going back in time)', () => {
  let repo: TempRepo;
  let history: GeneratedHistory;
  let reference: Reference;

  beforeAll(() => {
    repo = createTempRepo({ bare: true });
    history = generateHistory({ dir: repo.dir, commits: 800, seed: 5, skewEvery: 4 });
    reference = new Reference(repo);
  });
  afterAll(() => repo.remove());

  it('answers from the history, not from dates (where git rev-list without a commit-graph cuts corners)', async () => {
    const handle = await openRepository({ cwd: repo.dir });
    const pairs = [...randomPairs(history.commits, 20, 5), ...history.crissCrosses.slice(0, 2)];
    for (const [a, b] of pairs) {
      expect((await mergeBases({ repo: handle, a, b })).sort()).toEqual(reference.mergeBases(a, b));
      expect(await isAncestor({ repo: handle, ancestor: a, descendant: b })).toBe(reference.reachable(b).has(a));
      const listed = await commitsBetween({ repo: handle, exclude: a, include: b });
      expect([...listed].sort()).toEqual(reference.between(a, b));
      expectTopological(listed, reference);
      const firstParents = await firstParentHistory({ repo: handle, tip: b, until: a });
      expect(firstParents.map((commit) => commit.sha)).toEqual(reference.firstParents(b, a));
    }
    const [a, b] = history.crissCrosses[0] as [string, string];
    const git = lines(gitResult(repo.dir, ['merge-base', '--all', a, b], { allowFailure: true }).stdout).sort();
    expect((await mergeBases({ repo: handle, a, b })).sort()).toEqual(git);
  });
});
