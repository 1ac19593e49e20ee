import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitPort } from '@relctl/core';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { reuseMerges } from './reuse-merges.js';

describe('reuseMerges', () => {
  let repo: TempRepo;
  let git: SystemGitPort;
  let base: string;
  let main: string;
  let request: string;
  let moved: string;

  beforeAll(() => {
    repo = createTempRepo();
    base = repo.commit('base', { 'a.txt': '1\n', 'b.txt': '1\n' });
    main = repo.commit('main', { 'a.txt': '2\n' });
    repo.git(['checkout', '-q', '-b', 'req/A', base]);
    request = repo.commit('request', { 'b.txt': '2\n' });
    repo.git(['checkout', '-q', '-b', 'other', main]);
    moved = repo.commit('someone else pushed', { 'c.txt': '1\n' });
    git = createSystemGitPort({ cwd: repo.dir });
  });
  afterAll(() => {
    git.close();
    repo.remove();
  });

  /** The real port, counting the calls that reach it. */
  function counted(): { port: GitPort; calls: string[] } {
    const calls: string[] = [];
    const port: GitPort = {
      ...git,
      mergeCommits: (ours, theirs, options) => (calls.push(`merge ${ours} ${theirs}`), git.mergeCommits(ours, theirs, options)),
      mergeBases: (a, b) => (calls.push(`bases ${a} ${b}`), git.mergeBases(a, b)),
      isAncestor: (a, b) => (calls.push(`ancestor ${a} ${b}`), git.isAncestor(a, b)),
    };
    return { port, calls };
  }

  it('answers a second attempt on the same commits from memory, with the same outcome', async () => {
    const { port, calls } = counted();
    const reused = reuseMerges(port);
    const first = await reused.mergeCommits(main, request);
    const again = await reused.mergeCommits(main, request);
    expect(first.clean).toBe(true);
    expect(again).toEqual(first);
    expect(again).not.toBe(first); // a copy: a caller that changes its outcome cannot change the next one's
    expect(await reused.mergeBases(main, request)).toEqual(await reused.mergeBases(main, request));
    expect(await reused.isAncestor(base, main)).toBe(true);
    expect(await reused.isAncestor(base, main)).toBe(true);
    expect(calls).toEqual([`merge ${main} ${request}`, `bases ${main} ${request}`, `ancestor ${base} ${main}`]);
  });

  it('merges again only where a commit moved', async () => {
    const { port, calls } = counted();
    const reused = reuseMerges(port);
    await reused.mergeCommits(main, request);
    const onMoved = await reused.mergeCommits(moved, request);
    expect(onMoved.clean).toBe(true);
    expect(calls).toEqual([`merge ${main} ${request}`, `merge ${moved} ${request}`]);
  });

  it('does not remember a failure: the next call asks again', async () => {
    const { port, calls } = counted();
    let failures = 1;
    // The first merge fails as an interrupted read would; the second reaches git.
    const flaky: GitPort = { ...port, mergeCommits: async (ours, theirs) => (failures-- > 0 ? Promise.reject(new Error('interrupted')) : port.mergeCommits(ours, theirs)) };
    const reused = reuseMerges(flaky);
    await expect(reused.mergeCommits(main, request)).rejects.toThrow('interrupted');
    expect((await reused.mergeCommits(main, request)).clean).toBe(true);
    expect(calls).toEqual([`merge ${main} ${request}`]);
  });
});
