import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, StateError, UsageError } from '@relctl/core';
import { createTempRepo, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { commitsBetween } from './commits-between.js';
import { firstParentHistory } from './first-parent-history.js';
import { isAncestor } from './is-ancestor.js';
import { mergeBases } from './merge-bases.js';

// A shallow clone: answers that stay inside the fetched history work; answers that depend on
// commits behind the shallow boundary throw StateError instead of guessing.

let origin: TempRepo;
let clone: TempRepo;
const sha: Record<string, string> = {};

beforeAll(() => {
  origin = createTempRepo({ bare: true });
  // main: m1 - m2 - ... - m8; side forks at m2 and is never merged; feature is one commit on m8.
  let stream = '';
  let mark = 0;
  const commit = (branch: string, name: string, from?: string): void => {
    mark += 1;
    const message = `${name}\n`;
    stream += `commit refs/heads/${branch}\nmark :${mark}\ncommitter C <c@example.com> ${1_700_000_000 + mark * 60} +0000\n`;
    stream += `data ${message.length}\n${message}${from ? `from ${from}\n` : ''}M 100644 inline ${name}.txt\ndata 2\n${mark}\n\n`;
    marks[name] = `:${mark}`;
  };
  const marks: Record<string, string> = {};
  for (let i = 1; i <= 8; i += 1) {
    commit('main', `m${i}`);
    if (i === 2) commit('side', 'side', marks.m2);
  }
  commit('feature', 'feature', marks.m8);
  origin.git(['fast-import', '--quiet'], `${stream}done\n`);
  const names = Object.keys(marks);
  const ids = origin.git(['rev-parse', ...names.map((name) => `${name === 'side' || name === 'feature' ? name : `main~${8 - Number(name.slice(1))}`}`)]).split('\n');
  names.forEach((name, i) => (sha[name] = ids[i] as string));
  const dir = makeTempDir('shallow');
  origin.git(['clone', '-q', '--bare', '--depth=3', '--no-single-branch', `file://${origin.dir}`, dir]);
  clone = openTempRepo(dir);
});
afterAll(() => {
  origin.remove();
  clone.remove();
});

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
