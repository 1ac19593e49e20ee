import { createSystemGitPort } from '../system/index.js';
import { defineGitPortContract } from './define-git-port-contract.js';

defineGitPortContract('system git', async (dir) => createSystemGitPort({ cwd: dir }));
