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
}

/** Options of {@link findProductionBranch}. */
export interface FindProductionBranchOptions {
  git: GitPort;
  commonDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Tried in order when `relctl.productionBranch` is not set. */
const DEFAULT_BRANCHES = ['main', 'master'];

/**
 * The production branch, found without reading any file of the checkout (a checked-out request
 * branch must not be able to name it): `git config relctl.productionBranch` when set, else `main`,
 * else `master` — the first that exists here or as `origin/<name>`.
 *
 * @example
 * ```ts
 * const { branch, tip } = await findProductionBranch({ git, commonDir: repo.commonDir, env: process.env });
 * ```
 */
export async function findProductionBranch(options: FindProductionBranchOptions): Promise<ProductionBranch> {
  const configured = readGitConfig({ commonDir: options.commonDir, env: options.env, key: 'relctl.productionBranch' })?.trim();
  const names = configured ? [configured] : DEFAULT_BRANCHES;
  for (const branch of names) {
    const tip = (await options.git.readRef(`refs/heads/${branch}`)) ?? (await options.git.readRef(`refs/remotes/origin/${branch}`));
    if (tip !== null) return { branch, tip, configured: Boolean(configured) };
  }
  return { branch: names[0] ?? 'main', tip: null, configured: Boolean(configured) };
}
