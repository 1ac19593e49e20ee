import type { GitPort } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { mergeWithResolutions } from './merge-with-resolutions.js';
import { RESOLUTIONS_PREFIX } from './resolution-key.js';

/**
 * Options of {@link createResolvingGitPort}.
 *
 * @example
 * ```ts
 * const resolving = createResolvingGitPort({ git, repo, prefixes: ['refs/relctl/resolutions/'] });
 * ```
 */
export interface CreateResolvingGitPortOptions {
  /** The port to wrap (isomorphic or system). */
  git: GitPort;
  repo: Repository;
  /** Ref prefixes to look resolutions up under (see `mergeWithResolutions`). */
  prefixes?: readonly string[];
}

/**
 * A git port whose `mergeCommits` reuses recorded resolutions (team-wide rerere): a merge that
 * conflicts is retried with `mergeWithResolutions`, and comes back clean when every conflict has a
 * recorded resolution that `options.resolutions` allows (`any` by default); the outcome lists the
 * resolutions applied, so a merge that used one can say so. Everything else is the wrapped port's.
 *
 * @example
 * ```ts
 * const git = createResolvingGitPort({ git: createSystemGitPort({ cwd }), repo });
 * ```
 */
export function createResolvingGitPort(options: CreateResolvingGitPortOptions): GitPort {
  const { git, repo } = options;
  const port: GitPort = Object.create(git) as GitPort;
  port.mergeCommits = async (ours, theirs, mergeOptions = {}) => {
    const outcome = await git.mergeCommits(ours, theirs);
    const allowed = mergeOptions.resolutions ?? 'any';
    if (outcome.clean || (allowed !== 'any' && allowed.length === 0)) return outcome;
    const prefixes = options.prefixes ?? [RESOLUTIONS_PREFIX];
    let any = false;
    for (const prefix of prefixes) if ((await git.listRefs(prefix)).length > 0) any = true;
    if (!any) return outcome;
    const retried = await mergeWithResolutions({
      repo,
      git,
      ours,
      theirs,
      ...(options.prefixes ? { prefixes: options.prefixes } : {}),
      ...(allowed === 'any' ? {} : { allowed }),
    });
    return retried.clean ? { clean: true, tree: retried.tree, resolutions: retried.resolved } : outcome;
  };
  return port;
}
