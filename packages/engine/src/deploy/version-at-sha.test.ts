import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { versionAtSha } from './version-at-sha.js';

describe('versionAtSha', () => {
  let repo: TempRepo;
  let git: SystemGitPort;
  let first: string;
  let second: string;
  let third: string;

  beforeAll(() => {
    repo = createTempRepo();
    first = repo.commit('one', { 'a.txt': '1\n' });
    second = repo.commit('two', { 'a.txt': '2\n' });
    third = repo.commit('three', { 'a.txt': '3\n' });
    repo.git(['tag', '-a', '-m', 'release', 'v1.0.0', first]);
    repo.git(['tag', '-a', '-m', 'release', 'v1.9.0', second]);
    repo.git(['tag', 'v1.10.0', second]);
    repo.git(['tag', 'v2.0.0-rc.1', third]);
    repo.git(['tag', 'x3.0.0', third]);
    git = createSystemGitPort({ cwd: repo.dir });
  });
  afterAll(() => {
    git.close();
    repo.remove();
  });

  it('is the highest release tag at exactly that commit (annotated or not), without the prefix', async () => {
    expect(await versionAtSha({ git, sha: first, tagPrefix: 'v' })).toBe('1.0.0');
    expect(await versionAtSha({ git, sha: second, tagPrefix: 'v' })).toBe('1.10.0');
  });

  it('is null for a commit without a release tag of the prefix (pre-releases and other prefixes do not count)', async () => {
    expect(await versionAtSha({ git, sha: third, tagPrefix: 'v' })).toBeNull();
    expect(await versionAtSha({ git, sha: third, tagPrefix: 'x' })).toBe('3.0.0');
  });
});
