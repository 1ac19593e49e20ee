import type { Sha } from '@relctl/core';
import type { RunState } from './run-state.js';

/**
 * Options of {@link runStateObjects}.
 *
 * @example
 * ```ts
 * const ids = runStateObjects({ state: (await store.loadCurrent())! });
 * ```
 */
export interface RunStateObjectsOptions {
  state: RunState;
}

/** A full object id (SHA-1 or SHA-256), as the run state holds them. */
const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Every object id an unfinished run names, sorted and each once: the refs' expected values, the
 * working tips the steps so far produced, what the transaction moved from and to, the commits
 * its steps merge, the release's tree. Read from the whole state, not field by field, so that a
 * step kind added later is covered too. `relctl doctor` checks that each is there and whole:
 * `continue` builds on them.
 *
 * @example
 * ```ts
 * const state = await store.loadCurrent();
 * if (state) console.log(runStateObjects({ state })); // ['1a2b…', '3c4d…', …]
 * ```
 */
export function runStateObjects({ state }: RunStateObjectsOptions): Sha[] {
  const found = new Set<Sha>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (OBJECT_ID.test(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(state);
  return [...found].sort();
}
