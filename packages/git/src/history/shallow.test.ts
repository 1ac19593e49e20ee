import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, StateError, UsageError } from '@relctl/core';
import { makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { createShallowClone, type ShallowClone } from '../test-support/create-shallow-clone.js';
import { openRepository } from '../repo/open-repository.js';
import { commitsBetween } from './commits-between.js';
import { firstParentHistory } from './first-parent-history.js';
import { isAncestor } from './is-ancestor.js';
import { mergeBases } from './merge-bases.js';

// A shallow clone: answers that stay inside the fetched history work; answers that depend on
// commits behind the shallow boundary throw StateError instead of guessing.

let fixture: ShallowClone;
let origin: TempRepo;
let clone: TempRepo;
let sha: Record<string, string>;

// main: m1 - m2 - ... - m8; side forks at m2 and is never merged; feature is one commit on m8.
beforeAll(() => {
  fixture = createShallowClone({ mainCommits: 8, feature: true });
  ({ origin, clone, sha } = fixture);
});
afterAll(() => fixture.remove());

describe('in a shallow clone', () => {
  it('answers within the fetched history', async () => {
    const repo = await openRepository({ cwd: clone.dir });
    expect(repo.shallow).toBe(true);
    expect(await isAncestor({ repo, ancestor: sha.m6 as string, descendant: sha.feature as string })).toBe(true);
    expect(await isAncestor({ repo, ancestor: sha.feature as string, descendant: sha.m8 as string })).toBe(false);
    expect(await mergeBases({ repo, a: sha.m8 as string, b: sha.feature as string })).toEqual([sha.m8]);
    expect(await commitsBetween({ repo, exclude: sha.m8 as string, include: sha.feature as string })).toEqual([sha.feature]);
    expect(await commitsBetween({ repo, exclude: sha.m6 as string, include: sha.feature as string })).toEqual([sha.feature, sha.m8, sha.m7]);
    const listed = await firstParentHistory({ repo, tip: sha.feature as string, limit: 4 });
    expect(listed.map((commit) => commit.sha)).toEqual([sha.feature, sha.m8, sha.m7, sha.m6]);
    const until = await firstParentHistory({ repo, tip: sha.m8 as string, until: sha.m6 as string });
    expect(until.map((commit) => commit.sha)).toEqual([sha.m8, sha.m7]);
  });

  it('throws StateError when the answer depends on commits behind the boundary', async () => {
    const repo = await openRepository({ cwd: clone.dir });
    const side = sha.side as string;
    const m8 = sha.m8 as string;
    // side forked at m2, which this clone does not have.
    await expect(isAncestor({ repo, ancestor: side, descendant: m8 })).rejects.toBeInstanceOf(StateError);
    await expect(mergeBases({ repo, a: side, b: m8 })).rejects.toBeInstanceOf(StateError);
    await expect(commitsBetween({ repo, exclude: side, include: m8 })).rejects.toBeInstanceOf(StateError);
    await expect(commitsBetween({ repo, exclude: m8, include: side })).rejects.toBeInstanceOf(StateError);
    await expect(firstParentHistory({ repo, tip: m8 })).rejects.toBeInstanceOf(StateError);
    await expect(firstParentHistory({ repo, tip: m8, until: side })).rejects.toThrow(/shallow clone/);
  });

  it('rejects unknown and malformed ids', async () => {
    const repo = await openRepository({ cwd: clone.dir });
    await expect(isAncestor({ repo, ancestor: sha.m4 as string, descendant: sha.m8 as string })).rejects.toBeInstanceOf(NotFoundError);
    await expect(mergeBases({ repo, a: 'main', b: sha.m8 as string })).rejects.toBeInstanceOf(UsageError);
    const tree = clone.git(['rev-parse', `${sha.m8}^{tree}`]);
    await expect(commitsBetween({ repo, exclude: tree, include: sha.m8 as string })).rejects.toThrow(/is a tree, not a commit/);
    await expect(firstParentHistory({ repo, tip: sha.m8 as string, limit: -1 })).rejects.toBeInstanceOf(UsageError);
  });

  it('peels annotated tags', async () => {
    origin.git(['tag', '-a', '-m', 'release', 'v1', sha.m7 as string]);
    const dir = makeTempDir('tags');
    origin.git(['clone', '-q', '--bare', `file://${origin.dir}`, dir]);
    const full = openTempRepo(dir);
    try {
      const repo = await openRepository({ cwd: full.dir });
      const tag = full.git(['rev-parse', 'v1']);
      expect(tag).not.toBe(sha.m7);
      expect(await isAncestor({ repo, ancestor: tag, descendant: sha.m8 as string })).toBe(true);
      expect(await commitsBetween({ repo, exclude: tag, include: sha.m8 as string })).toEqual([sha.m8]);
    } finally {
      full.remove();
    }
  });
});
