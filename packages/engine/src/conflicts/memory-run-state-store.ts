import type { RunState, RunStateStore } from '@relctl/runner';

/**
 * A run-state store that keeps nothing on disk: for trial runs that only build objects (a
 * candidate's tree), which must neither block nor be mistaken for a person's unfinished run.
 */
export function createMemoryRunStateStore(): RunStateStore {
  let current: RunState | null = null;
  let last: RunState | null = null;
  return {
    loadCurrent: async () => current,
    saveCurrent: async (state) => {
      current = state;
    },
    finishCurrent: async ({ keep }) => {
      if (keep) last = current;
      current = null;
    },
    loadLast: async () => last,
    clearLast: async () => {
      last = null;
    },
  };
}
