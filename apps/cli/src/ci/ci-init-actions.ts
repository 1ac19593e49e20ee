import { UsageError, type Policy } from '@relctl/core';
import { relctlVersion } from '../relctl-version.js';
import { writeCiWorkflows } from './write-ci-workflows.js';

/** Options of {@link ciInitActions}. */
export interface CiInitActionsOptions {
  /** `--ci`: the CI system to write workflows for. */
  ci: 'github';
  /** The worktree root, or `null` in a bare repository. */
  worktree: string | null;
  policy: Policy;
  dryRun: boolean;
}

/**
 * `relctl init --ci github`: write the workflows, pinned to the version of relctl that runs (unless
 * `dryRun`), and return the lines init prints: `write <path>` for each new file, `keep <path> (…)`
 * for each one that already existed.
 *
 * @example
 * ```ts
 * actions.push(...ciInitActions({ ci: 'github', worktree: context.repo.dir, policy: context.policy, dryRun: false }));
 * ```
 */
export function ciInitActions(options: CiInitActionsOptions): string[] {
  if (options.worktree === null) throw new UsageError('"--ci" writes workflow files and needs a checkout; this is a bare repository.', {});
  const outcome = writeCiWorkflows({ root: options.worktree, policy: options.policy, relctlVersion: relctlVersion(), dryRun: options.dryRun });
  return [...outcome.written.map((path) => `write ${path}`), ...outcome.skipped.map((path) => `keep ${path} (it exists; relctl never overwrites a workflow)`)];
}
