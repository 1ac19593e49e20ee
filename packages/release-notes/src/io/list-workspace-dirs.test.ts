import { afterEach, describe, expect, it } from 'vitest';
import { createSystemGitPort } from '@relctl/git';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { listWorkspaceDirs } from './list-workspace-dirs.js';

describe('listWorkspaceDirs', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  it('finds package folders matching the globs in a commit, as npm does', async () => {
    repo = createTempRepo();
    const pkg = '{}\n';
    const commit = repo.commit('tree', {
      'packages/a/package.json': pkg,
      'packages/group/b/package.json': pkg,
      'packages/group/no-package/README.md': 'x\n',
      'packages/legacy/package.json': pkg,
      'packages/.hidden/package.json': pkg,
      'packages/a/node_modules/dep/package.json': pkg,
      'apps/web/package.json': pkg,
      'apps/web-admin/package.json': pkg,
      'tools/cli/package.json': pkg,
    });
    repo.write({ 'packages/uncommitted/package.json': pkg });
    const git = createSystemGitPort({ cwd: repo.dir });
    try {
      const list = (patterns: string[]) => listWorkspaceDirs({ git, tree: commit, patterns });
      expect(await list(['packages/**', '!packages/legacy'])).toEqual(['packages/a', 'packages/group/b']);
      expect(await list(['apps/web-*', './tools/cli/', '../outside/*'])).toEqual(['apps/web-admin', 'tools/cli']);
      expect(await list(['packages/*'])).toEqual(['packages/a', 'packages/legacy']);
      expect(await list(['nothing/*'])).toEqual([]);
    } finally {
      git.close();
    }
  });
});
