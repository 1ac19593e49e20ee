import { MergeConflictError, planCandidate, type Facts, type MergeConflict, type Sha } from '@relctl/core';
import { createMemoryRunStateStore, executePlan } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { runPorts } from '../shared/run-ports.js';

/** Options of {@link trialCandidate}. */
export interface TrialCandidateOptions {
  context: CliContext;
  facts: Facts;
  requestIds: readonly string[];
  withDeps?: boolean;
}

interface TrialShape {
  /** The promotion's requests in order, released ones included. */
  order: string[];
  /** The requests merged. */
  merged: string[];
  /** The release tip it starts from. */
  base: Sha;
  shas: Record<string, Sha>;
}

/** What a trial promotion produced: the release commit and its tree, or the first conflict. */
export type TrialCandidate = (TrialShape & { clean: true; commit: Sha; tree: Sha }) | (TrialShape & { clean: false; requestId: string; conflicts: MergeConflict[] });

/**
 * Run the merges and the release a promotion of `requestIds` into the release environment would
 * run — core's `planCandidate` in trial mode, executed by the runner with an in-memory run state —
 * and return the would-be release commit and tree. Only objects are written; no ref moves, no run
 * state is left behind.
 */
export async function trialCandidate(options: TrialCandidateOptions): Promise<TrialCandidate> {
  const { context, facts } = options;
  const built = planCandidate({
    policy: context.policy,
    facts,
    requestIds: options.requestIds,
    name: 'trial',
    current: null,
    withDeps: options.withDeps ?? false,
    trial: true,
    command: `candidate ${options.requestIds.join(' ')} (trial)`,
  });
  const shape: TrialShape = { order: built.order, merged: built.merged, base: built.base, shas: built.shas };
  const { onProgress: _quiet, ...runOptions } = context.runOptions;
  try {
    const result = await executePlan({
      plan: built.plan,
      ports: runPorts(context, { local: true }),
      options: runOptions,
      store: createMemoryRunStateStore(),
    });
    const commit = result.state.working[built.ref];
    if (!commit) throw new Error('A trial candidate run ended without a commit; this is a bug in relctl.');
    const info = await context.git.readCommit(commit);
    return { ...shape, clean: true, commit, tree: info.tree };
  } catch (error) {
    if (!(error instanceof MergeConflictError)) throw error;
    const data = error.data as { requestId?: string; conflicts?: MergeConflict[] };
    return { ...shape, clean: false, requestId: data.requestId ?? '?', conflicts: data.conflicts ?? [] };
  }
}
