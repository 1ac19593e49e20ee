import type { RunState, RunStateStore } from '@relctl/runner';

/**
 * A {@link RunStateStore} that keeps run state in memory only. Deploy bookkeeping (lock and
 * deployment events) runs through the runner with this store, so it never blocks on, replaces or
 * shows up in the repository's saved runs: `relctl undo` still undoes the last promotion, not a
 * deploy's log entry.
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
