import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitPort } from '@relctl/core';
import { createTempRepo, git, gitResult, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createIsomorphicGitPort } from '../isomorphic/create-isomorphic-git-port.js';
import { openRepository } from '../repo/open-repository.js';
import { createSystemGitPort } from '../system/create-system-git-port.js';
import { createResolvingGitPort } from './create-resolving-git-port.js';
import { forgetResolution } from './forget-resolution.js';
import { learnResolutions } from './learn-resolutions.js';
import { listResolutions } from './list-resolutions.js';
import { mergeWithResolutions } from './merge-with-resolutions.js';
import { RESOLUTIONS_PREFIX, resolutionKey } from './resolution-key.js';

const identity = { name: 'Ann', email: 'ann@example.com', timestamp: 1_700_000_000, timezoneOffset: 0 };
const RESOLVED = 'export const layout = "grid, then list";\n';

describe('resolutionKey', () => {
  it('is 40 hex, the same with the sides swapped, different with another base', () => {
    const key = resolutionKey({ base: 'a'.repeat(40), ours: 'b'.repeat(40), theirs: 'c'.repeat(40) });
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(resolutionKey({ base: 'a'.repeat(40), ours: 'c'.repeat(40), theirs: 'b'.repeat(40) })).toBe(key);
    expect(resolutionKey({ base: null, ours: 'b'.repeat(40), theirs: 'c'.repeat(40) })).not.toBe(key);
  });
});

// Two request branches change the same line. A person resolves the conflict once (a merge
// commit); relctl learns it, the resolution travels by push and fetch, and a second clone's
// rebuild (main + a, then + b) merges cleanly with the person's resolution, on both ports.
describe('shared conflict resolutions', () => {
  let origin: TempRepo;
  let first: TempRepo;
  let second: TempRepo;
  let root: string;

  beforeAll(() => {
    first = createTempRepo();
    first.commit('base', { 'src/layout.js': 'export const layout = "plain";\n', 'README.md': 'shop\n' });
    first.git(['switch', '-q', '-c', 'req/a']);
    first.commit('grid', { 'src/layout.js': 'export const layout = "grid";\n' });
    first.git(['switch', '-q', '-c', 'req/b', 'main']);
    first.commit('list', { 'src/layout.js': 'export const layout = "list";\n', 'src/b.js': 'b\n' });
    // The person merges b into a and resolves by hand.
    first.git(['switch', '-q', '-c', 'resolve', 'req/a']);
    expect(gitResult(first.dir, ['merge', '-q', 'req/b'], { allowFailure: true }).status).not.toBe(0);
    first.write({ 'src/layout.js': RESOLVED });
    first.git(['add', '-A']);
    first.git(['commit', '-q', '--no-edit']);
    first.git(['switch', '-q', 'main']);
    root = makeTempDir('resolutions');
    origin = openTempRepo(join(root, 'origin.git'));
    git(root, ['init', '-q', '--bare', 'origin.git']);
    first.git(['remote', 'add', 'origin', origin.dir]);
  });
  afterAll(() => {
    first?.remove();
    second?.remove();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('learns the resolution of a hand-made merge, one ref per conflicting file', async () => {
    const repo = await openRepository({ cwd: first.dir });
    const port = createIsomorphicGitPort({ repo });
    const learned = await learnResolutions({ repo, git: port, commit: first.git(['rev-parse', 'resolve']), identity });
    expect(learned.map((item) => item.path)).toEqual(['src/layout.js']);
    const blob = (rev: string) => first.git(['rev-parse', `${rev}:src/layout.js`]);
    expect(learned[0]?.key).toBe(resolutionKey({ base: blob('main'), ours: blob('req/a'), theirs: blob('req/b') }));
    expect(first.git(['show', `${RESOLUTIONS_PREFIX}${learned[0]?.key}:resolved`]) + '\n').toBe(RESOLVED);
    const listed = await listResolutions({ git: port });
    expect(listed).toMatchObject([{ key: learned[0]?.key, path: 'src/layout.js', by: 'Ann <ann@example.com>', source: first.git(['rev-parse', 'resolve']) }]);
    // A commit that is not a merge, or a clean merge, teaches nothing.
    expect(await learnResolutions({ repo, git: port, commit: first.git(['rev-parse', 'req/a']), identity })).toEqual([]);
  });

  it.each(['isomorphic', 'system'] as const)('a second clone reuses it after push and fetch (%s port)', async (backend) => {
    first.git(['push', '-q', 'origin', 'main', 'req/a', 'req/b', `${RESOLUTIONS_PREFIX}*:${RESOLUTIONS_PREFIX}*`]);
    second?.remove();
    second = openTempRepo(makeTempDir('second'));
    git(second.dir, ['clone', '-q', origin.dir, '.']);
    // A rebuild of test: main + a first (its merge commit), then b on top.
    second.git(['switch', '-q', '-c', 'env/test', 'origin/main']);
    second.git(['merge', '-q', '--no-ff', '-m', 'Merge a', 'origin/req/a']);
    const testTip = second.git(['rev-parse', 'HEAD']);
    const b = second.git(['rev-parse', 'origin/req/b']);
    const repo = await openRepository({ cwd: second.dir });
    const plain: GitPort = backend === 'system' ? createSystemGitPort({ cwd: second.dir }) : createIsomorphicGitPort({ repo });
    try {
      expect((await plain.mergeCommits(testTip, b)).clean).toBe(false);
      expect(await listResolutions({ git: plain })).toEqual([]);
      second.git(['fetch', '-q', 'origin', `${RESOLUTIONS_PREFIX}*:${RESOLUTIONS_PREFIX}*`]);
      const resolving = createResolvingGitPort({ git: plain, repo });
      const outcome = await resolving.mergeCommits(testTip, b);
      expect(outcome.clean).toBe(true);
      if (!outcome.clean) return;
      expect(second.git(['show', `${outcome.tree}:src/layout.js`]) + '\n').toBe(RESOLVED);
      expect(second.git(['show', `${outcome.tree}:src/b.js`])).toBe('b');
      // The other way round (b first, then a) finds the same resolution.
      expect((await resolving.mergeCommits(b, testTip)).clean).toBe(true);
      const detailed = await mergeWithResolutions({ repo, git: plain, ours: testTip, theirs: b });
      expect(detailed.resolved.map((item) => item.path)).toEqual(['src/layout.js']);
      // Forgotten, the conflict is back.
      const [only] = await listResolutions({ git: plain });
      expect(await forgetResolution({ git: plain, key: only?.key ?? '' })).toBe(true);
      expect((await resolving.mergeCommits(testTip, b)).clean).toBe(false);
      expect(await forgetResolution({ git: plain, key: only?.key ?? '' })).toBe(false);
    } finally {
      (plain as GitPort & { close?: () => void }).close?.();
    }
  });

  it('leaves a merge conflicted when one of its conflicts has no resolution', async () => {
    first.git(['switch', '-q', '-c', 'req/c', 'req/b']);
    first.commit('readme', { 'README.md': 'shop, list\n' });
    first.git(['switch', '-q', '-c', 'req/d', 'req/a']);
    first.commit('readme', { 'README.md': 'shop, grid\n' });
    first.git(['switch', '-q', 'main']);
    const repo = await openRepository({ cwd: first.dir });
    const port = createIsomorphicGitPort({ repo });
    const outcome = await mergeWithResolutions({ repo, git: port, ours: first.git(['rev-parse', 'req/d']), theirs: first.git(['rev-parse', 'req/c']) });
    expect(outcome.clean).toBe(false);
    if (outcome.clean) return;
    expect(outcome.conflicts.map((conflict) => conflict.path).sort()).toEqual(['README.md', 'src/layout.js']);
  });
});
