import type { RunState } from './run-state.js';

/**
 * Where run state lives between processes. `current` is an unfinished run (stopped or crashed);
 * `last` is the most recent finished run, kept for `relctl undo`.
 *
 * @example
 * ```ts
 * const store: RunStateStore = createFileRunStateStore({ dir: join(repo.commonDir, 'relctl') });
 * const last = await store.loadLast();
 * ```
 */
export interface RunStateStore {
  loadCurrent(): Promise<RunState | null>;
  saveCurrent(state: RunState): Promise<void>;
  /** Move the current run to `last` (it finished) or drop it (`keep: false`). */
  finishCurrent(options: { keep: boolean }): Promise<void>;
  loadLast(): Promise<RunState | null>;
  clearLast(): Promise<void>;
}
