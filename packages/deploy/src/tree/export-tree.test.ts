import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError, type GitPort } from '@relctl/core';
import { createIsomorphicGitPort, createSystemGitPort, openRepository, type SystemGitPort } from '@relctl/git';
import { git, makeTempDir } from '@relctl/testing';
import { lsTree } from '../test-support/ls-tree.js';
import { buildStoryRepo, type StoryRepo } from '../test-support/story-repo.js';
import { treeListing } from '../test-support/tree-listing.js';
import { exportTree } from './export-tree.js';

let story: StoryRepo;
let out: string;
let system: SystemGitPort;
let isomorphic: GitPort;

beforeAll(async () => {
  story = buildStoryRepo();
  out = makeTempDir('export');
  system = createSystemGitPort({ cwd: story.repo.dir });
  isomorphic = createIsomorphicGitPort({ repo: await openRepository({ cwd: story.repo.dir }) });
});
afterAll(() => {
  system.close();
  story.repo.remove();
  rmSync(out, { recursive: true, force: true });
});

describe('exportTree', () => {
  for (const backend of ['system', 'isomorphic'] as const) {
    it(`writes exactly the tree of each commit (${backend} backend)`, async () => {
      const port = backend === 'system' ? system : isomorphic;
      for (const [label, sha] of [
        ['v100', story.v100],
        ['v110', story.v110],
        ['test', story.test],
      ] as const) {
        const dir = join(out, `${backend}-${label}`);
        const result = await exportTree({ git: port, commit: sha, dir });
        const expected = lsTree(story.repo.dir, sha);
        expect(treeListing(dir)).toEqual(expected);
        expect(result.files + result.symlinks).toBe(expected.length);
      }
    });
  }

  it('matches git archive byte for byte, with executable bits and symlinks', async () => {
    const dir = join(out, 'archive-compare');
    await exportTree({ git: system, commit: story.test, dir });
    const archived = join(out, 'archive-oracle');
    mkdirSync(archived);
    const tar = join(out, 'test.tar');
    git(story.repo.dir, ['archive', '--format=tar', '-o', tar, story.test]);
    execFileSync('tar', ['-xf', tar, '-C', archived]);
    expect(treeListing(dir)).toEqual(treeListing(archived));
    expect(lstatSync(join(dir, 'bin/migrate')).mode & 0o777).toBe(0o755);
    expect(lstatSync(join(dir, 'src/app.js')).mode & 0o777).toBe(0o644);
    expect(readlinkSync(join(dir, 'src/up-link'))).toBe('../README.md');
    expect(existsSync(join(dir, 'assets/logo.bin'))).toBe(false); // request D removed it on test
    expect(readFileSync(join(dir, 'docs/with space é.md'), 'utf8')).toBe('unicode\n');
  });

  it('refuses a folder that is not empty, writing nothing', async () => {
    const dir = join(out, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    await expect(exportTree({ git: system, commit: story.v110, dir })).rejects.toBeInstanceOf(StateError);
    expect(treeListing(dir)).toHaveLength(1);
  });

  it('refuses a tree entry git would never check out (a crafted ".." name)', async () => {
    const blob = git(story.repo.dir, ['hash-object', '-w', '--stdin'], { input: 'evil\n' });
    const tree = git(story.repo.dir, ['mktree', '--missing'], { input: `100644 blob ${blob}\t..\n` });
    const dir = join(out, 'crafted');
    const error = await exportTree({ git: system, commit: tree, dir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateError);
    expect(String((error as Error).message)).toContain('unsafe path');
  });
});
