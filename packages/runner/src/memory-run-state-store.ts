import type { RunState } from './run-state.js';
import type { RunStateStore } from './run-state-store.js';

/**
 * A {@link RunStateStore} that keeps run state in memory only (copies in, copies out). For runs
 * that must never block on, replace or show up in the repository's saved runs: deploy bookkeeping
 * (lock and deployment events; `relctl undo` still undoes the last promotion, not a deploy's log
 * entry) and trial runs that only build objects (a candidate's tree).
 *
 * @example
 * ```ts
 * const store = createMemoryRunStateStore();
 * await executePlan({ plan, ports, options, store });
 * ```
 */
export function createMemoryRunStateStore(): RunStateStore {
  let current: RunState | null = null;
  let last: RunState | null = null;
  const copy = (state: RunState | null): RunState | null => (state === null ? null : (JSON.parse(JSON.stringify(state)) as RunState));
  return {
    loadCurrent: async () => copy(current),
    saveCurrent: async (state) => {
      current = copy(state);
    },
    finishCurrent: async ({ keep }) => {
      if (keep) last = current;
      current = null;
    },
    loadLast: async () => copy(last),
    clearLast: async () => {
      last = null;
    },
  };
}
