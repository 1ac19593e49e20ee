import type { MergeConflict, Plan, ReleaseOutput, ResolutionUse, Sha } from '@relctl/core';

/**
 * A request branch a `sync` step could not bring up to date, and why.
 *
 * @example
 * ```ts
 * const conflict: SyncConflict = { requestId: 'C', ref: 'refs/heads/req/C', conflicts: [{ path: 'README.md', kind: 'content' }] };
 * ```
 */
export interface SyncConflict {
  requestId: string;
  ref: string;
  conflicts: MergeConflict[];
}

/**
 * A request a run left out of an environment: its `sync` with the new production tip conflicted
 * (its branch stayed where it was) and merging that old head conflicted too, or a person skipped
 * its stopped merge.
 *
 * @example
 * ```ts
 * const out: LeftOut = { requestId: 'B', env: 'test', ref: 'refs/heads/env/test', conflicts: [{ path: 'src/orders.js', kind: 'content' }] };
 * ```
 */
export interface LeftOut {
  requestId: string;
  env: string;
  /** The environment's branch. */
  ref: string;
  conflicts: MergeConflict[];
  /** `skipped`: a person skipped its stopped merge (`relctl skip`); absent: its sync conflicted. */
  skipped?: boolean;
}

/**
 * A recorded conflict resolution a step of the run applied.
 *
 * @example
 * ```ts
 * const applied: AppliedInRun = { step: 1, requestId: 'A', env: 'prod', ref: 'refs/heads/main', path: 'README.md', key: '5f0c…', commit: '9a8b…', by: 'Ann <ann@example.com>' };
 * ```
 */
export interface AppliedInRun extends ResolutionUse {
  /** Index of the plan step that applied it. */
  step: number;
  requestId: string;
  /** The environment of a `merge` step; absent for a `sync` of a request branch. */
  env?: string;
  /** The ref the merge commit went on. */
  ref: string;
}

/**
 * Where a run stopped before finishing, so `continue`, `skip` and `undo` know what to do.
 *
 * @example
 * ```ts
 * const stop: RunStop = { step: 2, code: 'MergeConflictError', message: 'Request C conflicts with prod.', conflicts: [{ path: 'src/app.ts', kind: 'content' }] };
 * ```
 */
export interface RunStop {
  /** Index of the step that stopped the run (it did not complete). */
  step: number;
  code: string;
  message: string;
  conflicts?: MergeConflict[];
}

/**
 * Everything needed to finish, skip past or undo a run after a stop or a crash. Saved after every
 * step (git-town's runstate), as JSON under `<git dir>/relctl/`.
 *
 * @example
 * ```ts
 * const state = await store.loadCurrent();
 * if (state?.status === 'stopped') console.log(`${state.plan.command}: stopped at step ${state.next}`);
 * ```
 */
export interface RunState {
  /** Unique id of the run. */
  id: string;
  plan: Plan;
  /** Index of the next step to execute. */
  next: number;
  /** Working tip of every ref the run has touched so far. */
  working: Record<string, Sha | null>;
  /** Tag refs created by `tag` steps (they join the ref transaction with expected `null`). */
  createdRefs: string[];
  /** The release cut by a `release` step, when there was one. */
  release?: ReleaseOutput;
  /** Request branches `sync` left where they were because of a conflict. */
  syncConflicts: SyncConflict[];
  /** Requests a rebuild left out because they conflict with the new production tip (absent: none). */
  leftOut?: LeftOut[];
  /** Recorded conflict resolutions the run's merges applied, in order (absent: none yet). */
  resolutions?: AppliedInRun[];
  /** Refs as they were before the transaction moved them (set once `update-refs` ran): what `undo` restores. */
  before?: Record<string, Sha | null>;
  /** Refs as the transaction left them: what `undo` expects to find. */
  after?: Record<string, Sha | null>;
  status: 'running' | 'stopped' | 'done';
  stop?: RunStop;
  /** Epoch milliseconds. */
  startedAt: number;
  actor: string;
}
