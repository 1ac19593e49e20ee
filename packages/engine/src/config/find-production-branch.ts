import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitPort, Sha } from '@relctl/core';
import { readGitConfig } from '../context/read-git-config.js';

/** The branch relctl takes its policy from, as {@link findProductionBranch} found it. */
export interface ProductionBranch {
  /** Short branch name, e.g. `main`. */
  branch: string;
  /** Its commit: the local branch, else `origin`'s remote-tracking branch; `null` when neither exists. */
  tip: Sha | null;
  /** True when `git config relctl.productionBranch` named it. */
  configured: boolean;
  /**
   * How it was found: `config` (`git config relctl.productionBranch`), `origin-head` (origin's
   * default branch, `refs/remotes/origin/HEAD`), or `default` (`main`, else `master`).
   */
  foundBy: 'config' | 'origin-head' | 'default';
}

/** Options of {@link findProductionBranch}. */
export interface FindProductionBranchOptions {
  git: GitPort;
  commonDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Whether a commit holds a relctl config. Given, a found branch that holds none gives way to a
   * later one that does (origin's default branch is `develop` in a git-flow team, while relctl's
   * config lives on `main`).
   */
  holdsConfig?: (tip: Sha) => Promise<boolean>;
}

/** Tried in order when `relctl.productionBranch` is not set. */
const DEFAULT_BRANCHES = ['main', 'master'];

/**
 * The production branch, found without reading any file of the checkout (a checked-out request
 * branch must not be able to name it): `git config relctl.productionBranch` when set, else
 * origin's default branch (what `git clone` recorded as `origin/HEAD`), else `main`, else `master`
 * — the first that exists here or as `origin/<name>`.
 *
 * @example
 * ```ts
 * const { branch, tip } = await findProductionBranch({ git, commonDir: repo.commonDir, env: process.env });
 * ```
 */
export async function findProductionBranch(options: FindProductionBranchOptions): Promise<ProductionBranch> {
  const configured = readGitConfig({ commonDir: options.commonDir, env: options.env, key: 'relctl.productionBranch' })?.trim();
  const originHead = configured ? undefined : originDefaultBranch(options.commonDir);
  const candidates: Array<{ branch: string; foundBy: ProductionBranch['foundBy'] }> = configured
    ? [{ branch: configured, foundBy: 'config' }]
    : [...(originHead ? [{ branch: originHead, foundBy: 'origin-head' as const }] : []), ...DEFAULT_BRANCHES.map((branch) => ({ branch, foundBy: 'default' as const }))];
  let found: ProductionBranch | undefined;
  for (const { branch, foundBy } of candidates) {
    const tip = (await options.git.readRef(`refs/heads/${branch}`)) ?? (await options.git.readRef(`refs/remotes/origin/${branch}`));
    if (tip === null) continue;
    const branchFound: ProductionBranch = { branch, tip, configured: Boolean(configured), foundBy };
    // The first branch with a config wins; without one anywhere, the first branch that exists.
    if (!options.holdsConfig || (await options.holdsConfig(tip))) return branchFound;
    found ??= branchFound;
  }
  if (found) return found;
  const first = candidates[0] ?? { branch: 'main', foundBy: 'default' as const };
  return { branch: first.branch, tip: null, configured: Boolean(configured), foundBy: first.foundBy };
}

/**
 * The branch `refs/remotes/origin/HEAD` points at (`git clone` and `git remote set-head origin -a`
 * write it), or `undefined`. A symbolic ref is never packed, so its file is the whole truth.
 */
function originDefaultBranch(commonDir: string): string | undefined {
  try {
    const text = readFileSync(join(commonDir, 'refs', 'remotes', 'origin', 'HEAD'), 'utf8');
    const match = /^ref: refs\/remotes\/origin\/(\S+)\s*$/.exec(text);
    return match?.[1] && match[1] !== 'HEAD' ? match[1] : undefined;
  } catch {
    return undefined;
  }
}
