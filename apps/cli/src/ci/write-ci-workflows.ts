import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Policy } from '@relctl/core';
import { githubWorkflows } from './github-workflows.js';

/** Options of {@link writeCiWorkflows}. */
export interface WriteCiWorkflowsOptions {
  /** Repository worktree root. */
  root: string;
  policy: Policy;
  /** The relctl version the workflows install (the one running). */
  relctlVersion: string;
  /** Only say what would be written. */
  dryRun: boolean;
}

/** What {@link writeCiWorkflows} did (or would do). */
export interface CiWorkflowsOutcome {
  /** Paths written (or to write, on a dry run). */
  written: string[];
  /** Paths that already existed and were left alone. */
  skipped: string[];
}

/**
 * Write the GitHub Actions workflows of `relctl init --ci github` under `<root>/.github/workflows/`.
 * A workflow file that already exists is never overwritten: it is skipped and reported, since a
 * team may have changed it.
 *
 * @example
 * ```ts
 * const { written, skipped } = writeCiWorkflows({ root: context.root, policy: context.policy, relctlVersion: '0.1.0', dryRun: false });
 * ```
 */
export function writeCiWorkflows(options: WriteCiWorkflowsOptions): CiWorkflowsOutcome {
  const outcome: CiWorkflowsOutcome = { written: [], skipped: [] };
  for (const file of githubWorkflows({ policy: options.policy, relctlVersion: options.relctlVersion })) {
    const path = join(options.root, file.path);
    if (existsSync(path)) {
      outcome.skipped.push(path);
      continue;
    }
    if (!options.dryRun) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content, { flag: 'wx' });
    }
    outcome.written.push(path);
  }
  return outcome;
}
