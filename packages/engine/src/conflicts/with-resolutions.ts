import type { GitPort, Policy } from '@relctl/core';
import { createResolvingGitPort, type Repository } from '@relctl/git';
import { resolutionPrefixes } from './resolution-prefixes.js';

/** Options of {@link withResolutions}. */
export interface WithResolutionsOptions {
  git: GitPort;
  repo: Repository;
  policy: Pick<Policy, 'remote'>;
}

/**
 * The git port commands work through, reusing recorded conflict resolutions (this clone's and
 * the team's as fetched) whenever a merge conflicts: a rebuild that a person's recorded
 * resolution covers merges without them.
 */
export function withResolutions(options: WithResolutionsOptions): GitPort {
  return createResolvingGitPort({ git: options.git, repo: options.repo, prefixes: resolutionPrefixes(options.policy) });
}
