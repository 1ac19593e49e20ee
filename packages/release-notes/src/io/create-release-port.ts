import type { GitPort, ReleasePort } from '@relctl/core';
import { prepareRelease } from './prepare-release.js';

/** Options of {@link createReleasePort}. */
export interface CreateReleasePortOptions {
  /** The git port releases read trees from and write objects with. */
  git: GitPort;
}

/**
 * The release port relctl's runner uses for `release` steps: `prepare` is {@link prepareRelease}
 * over the given git port (objects only; no ref moves, no worktree).
 *
 * @example
 * ```ts
 * const release = createReleasePort({ git: createSystemGitPort({ cwd }) });
 * const out = await release.prepare({ commit, requestIds: ['A', 'C'], tagPrefix: 'v', date: '2026-01-15' });
 * ```
 */
export function createReleasePort(options: CreateReleasePortOptions): ReleasePort {
  const { git } = options;
  return {
    prepare: (input) => prepareRelease({ ...input, git }),
  };
}
