import type { GitPort } from '@relctl/core';
import { describe, it } from 'vitest';
import * as isomorphic from '../isomorphic/index.js';
import { openRepository, type Repository } from '../repo/index.js';
import { defineGitPortContract } from './define-git-port-contract.js';

// Runs as soon as packages/git/src/isomorphic exports createIsomorphicGitPort; skipped until then.
const create = (isomorphic as Record<string, unknown>)['createIsomorphicGitPort'] as ((options: { repo: Repository }) => GitPort & { close?(): void }) | undefined;

if (create) {
  defineGitPortContract('isomorphic-git', async (dir) => create({ repo: await openRepository({ cwd: dir }) }));
} else {
  describe.skip('GitPort contract: isomorphic-git (createIsomorphicGitPort is not exported yet)', () => {
    it('runs once packages/git/src/isomorphic/index.ts exports createIsomorphicGitPort', () => undefined);
  });
}
