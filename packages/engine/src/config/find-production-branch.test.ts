import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemGitPort } from '@relctl/git';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { findProductionBranch } from './find-production-branch.js';

/** Real repositories: the production branch is found from git config, origin's HEAD, then main/master. */
describe('findProductionBranch', () => {
  const repos: TempRepo[] = [];
  afterEach(() => repos.splice(0).forEach((repo) => repo.remove()));

  function repoWith(branches: string[], options: { originHead?: string; config?: string } = {}): TempRepo {
    const repo = createTempRepo({ branch: branches[0] ?? 'main' });
    repos.push(repo);
    repo.commit('first', { 'index.php': '<?php\n' });
    for (const branch of branches.slice(1)) repo.git(['branch', branch]);
    if (options.config) repo.git(['config', 'relctl.productionBranch', options.config]);
    if (options.originHead) {
      // What `git clone` records: origin's branches and the symbolic ref to its default branch.
      for (const branch of branches) repo.git(['update-ref', `refs/remotes/origin/${branch}`, branch]);
      repo.git(['symbolic-ref', 'refs/remotes/origin/HEAD', `refs/remotes/origin/${options.originHead}`]);
    }
    return repo;
  }

  const find = (repo: TempRepo, holdsConfig?: (tip: string) => Promise<boolean>) =>
    findProductionBranch({ git: createSystemGitPort({ cwd: repo.dir }), commonDir: join(repo.dir, '.git'), env: {}, ...(holdsConfig ? { holdsConfig } : {}) });

  it("takes origin's default branch before main and master", async () => {
    const repo = repoWith(['master', 'main'], { originHead: 'master' });
    expect(await find(repo)).toMatchObject({ branch: 'master', foundBy: 'origin-head', configured: false });
  });

  it('without origin/HEAD: main, then master', async () => {
    expect(await find(repoWith(['master']))).toMatchObject({ branch: 'master', foundBy: 'default' });
    expect(await find(repoWith(['master', 'main']))).toMatchObject({ branch: 'main', foundBy: 'default' });
  });

  it('git config relctl.productionBranch wins over everything', async () => {
    const repo = repoWith(['develop', 'production'], { originHead: 'develop', config: 'production' });
    expect(await find(repo)).toMatchObject({ branch: 'production', foundBy: 'config', configured: true });
  });

  it("a branch holding relctl's config wins over origin's default branch without one (git-flow's develop)", async () => {
    const repo = repoWith(['develop', 'main'], { originHead: 'develop' });
    const mainTip = repo.git(['rev-parse', 'main']);
    repo.git(['switch', '-q', 'main']);
    const configured = repo.commit('Set up relctl', { 'relctl.config.yaml': 'tagPrefix: v\n' });
    expect(configured).not.toBe(mainTip);
    const found = await find(repo, async (tip) => tip === configured);
    expect(found).toMatchObject({ branch: 'main', tip: configured, foundBy: 'default' });
    // With no config anywhere, origin's default branch stands.
    expect(await find(repo, async () => false)).toMatchObject({ branch: 'develop', foundBy: 'origin-head' });
  });
});
