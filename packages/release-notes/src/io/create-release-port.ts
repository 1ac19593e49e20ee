import type { GitPort, ReleasePort } from '@relctl/core';
import { prepareRelease, type ReleaseSettings } from './prepare-release.js';

/**
 * Options of {@link createReleasePort}.
 *
 * @example
 * ```ts
 * const release = createReleasePort({ git });
 * ```
 */
export interface CreateReleasePortOptions {
  /** The git port releases read trees from and write objects with. */
  git: GitPort;
  /** The team's release settings (changelog style, package tags, GitHub data). */
  settings?: ReleaseSettings;
}

/**
 * The release port relctl's runner uses for `release` steps: `prepare` is {@link prepareRelease}
 * over the given git port (objects only; no ref moves, no worktree), returning exactly the
 * `ReleaseOutput` fields — the runner saves them in its run state, so the plan and file texts
 * that `prepareRelease` also returns are left out.
 *
 * @example
 * ```ts
 * const release = createReleasePort({ git: createSystemGitPort({ cwd }) });
 * const out = await release.prepare({ commit, requestIds: ['A', 'C'], tagPrefix: 'v', date: '2026-01-15' });
 * ```
 */
export function createReleasePort(options: CreateReleasePortOptions): ReleasePort {
  const { git, settings } = options;
  return {
    async prepare(input) {
      const { tree, message, version, tagName, tagMessage, packageTags, notes } = await prepareRelease({ ...input, git, ...(settings ? { settings } : {}) });
      return { tree, message, version, tagName, tagMessage, ...(packageTags.length > 0 ? { packageTags } : {}), ...(notes ? { notes } : {}) };
    },
  };
}
