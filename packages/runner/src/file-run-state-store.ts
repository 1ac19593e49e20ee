import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '@relctl/core';
import type { RunState } from './run-state.js';
import type { RunStateStore } from './run-state-store.js';

/**
 * Options of {@link createFileRunStateStore}.
 *
 * @example
 * ```ts
 * const store = createFileRunStateStore({ dir: '/repo/.git/relctl' });
 * ```
 */
export interface FileRunStateStoreOptions {
  /** Folder for run state, normally `<common git dir>/relctl`. */
  dir: string;
  /**
   * Called before each state file is written, with its path (tests inject a full disk here:
   * the CLI passes `RELCTL_FAULT`'s `run-state:write` point).
   */
  beforeWrite?: (path: string) => void | Promise<void>;
}

/**
 * Keep run state as JSON files (`run.json`, `last-run.json`) in a folder, each written to a temp
 * file, fsynced and renamed, so a crash (or a full disk) never leaves a half-written state.
 *
 * @example
 * ```ts
 * const store = createFileRunStateStore({ dir: join(repo.commonDir, 'relctl') });
 * const pending = await store.loadCurrent();
 * ```
 */
export function createFileRunStateStore(options: FileRunStateStoreOptions): RunStateStore {
  const current = join(options.dir, 'run.json');
  const last = join(options.dir, 'last-run.json');
  return {
    loadCurrent: async () => readState(current),
    saveCurrent: async (state) => {
      await options.beforeWrite?.(current);
      writeAtomically(options.dir, current, state);
    },
    async finishCurrent({ keep }) {
      if (keep) renameSync(current, last);
      else rmSync(current, { force: true });
    },
    loadLast: async () => readState(last),
    clearLast: async () => rmSync(last, { force: true }),
  };
}

function readState(path: string): RunState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as RunState;
  } catch {
    throw new StateError(`Run state ${path} is unreadable; remove it, then check refs with "relctl doctor".`, { path });
  }
}

function writeAtomically(dir: string, path: string, state: RunState): void {
  mkdirSync(dir, { recursive: true });
  const temp = `${path}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    // A full disk: the state saved before stays, and no cut-short temp file is left.
    rmSync(temp, { force: true });
    if (error && typeof error === 'object') Object.assign(error, { path });
    throw error;
  }
}
