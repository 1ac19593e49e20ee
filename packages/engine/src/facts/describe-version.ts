import type { GitPort, Sha } from '@relctl/core';
import { commitsBetween, isAncestor, type Repository } from '@relctl/git';

/** Options of {@link describeVersion}. */
export interface DescribeVersionOptions {
  git: GitPort;
  repo: Repository;
  /** Prefix of release tags (`v`). */
  tagPrefix: string;
  /** The release branch's tip, or `null` when the branch does not exist. */
  tip: Sha | null;
}

/** How many release tags, highest first, are tried before giving up (a tag off the branch is rare). */
const MAX_TRIED = 16;

/**
 * The version the release branch is at, the way `git describe --tags` puts it: `1.1.1` when the
 * tip is the release tagged `<prefix>1.1.1`, `1.1.1+2` when it is two commits past it, `null`
 * when no release tag is in its history. The release is the highest `<prefix>X.Y.Z` tag the tip
 * contains — never a higher tag elsewhere (a promotion branch that was not merged, another
 * line). Tags are tried highest first, so on a branch that only moves forward the first one
 * answers.
 *
 * @example
 * ```ts
 * await describeVersion({ git, repo, tagPrefix: 'v', tip: mainTip }); // '1.1.1+1'
 * ```
 */
export async function describeVersion(options: DescribeVersionOptions): Promise<string | null> {
  const { git, tip } = options;
  if (tip === null) return null;
  const prefix = `refs/tags/${options.tagPrefix}`;
  const tags: Array<{ version: [number, number, number]; sha: Sha }> = [];
  for (const { ref, sha } of await git.listRefs(prefix)) {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(ref.slice(prefix.length));
    if (match) tags.push({ version: [Number(match[1]), Number(match[2]), Number(match[3])], sha });
  }
  tags.sort((a, b) => b.version[0] - a.version[0] || b.version[1] - a.version[1] || b.version[2] - a.version[2]);
  for (const tag of tags.slice(0, MAX_TRIED)) {
    const name = tag.version.join('.');
    if (tag.sha === tip) return name;
    if (!(await contains(options, tag.sha, tip))) continue;
    return `${name}+${await distance(options, tag.sha, tip)}`;
  }
  return null;
}

async function contains(options: DescribeVersionOptions, ancestor: Sha, tip: Sha): Promise<boolean> {
  try {
    return await isAncestor({ repo: options.repo, ancestor, descendant: tip });
  } catch {
    return options.git.isAncestor(ancestor, tip);
  }
}

/** Commits in `tip` that are not in `tag` (`git rev-list --count tag..tip`). */
async function distance(options: DescribeVersionOptions, tag: Sha, tip: Sha): Promise<number> {
  try {
    return (await commitsBetween({ repo: options.repo, exclude: tag, include: tip })).length;
  } catch {
    // A shallow boundary or an object only the backend reaches: count the first-parent steps.
    return (await options.git.firstParentHistory(tip, { until: tag })).length;
  }
}
