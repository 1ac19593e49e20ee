/**
 * Called at each fault point of a transaction; a test may throw {@link InjectedFault} to simulate a crash.
 *
 * @example
 * ```ts
 * const hook: FaultHook = (point) => { if (point === 'tx:after-journal') throw new InjectedFault(point); };
 * await updateRefs({ repo, updates, message: 'test', faultHook: hook });
 * ```
 */
export type FaultHook = (point: string) => void | Promise<void>;

/** Options of {@link injectFault}. */
export interface InjectFaultOptions {
  /** E.g. `tx:after-journal`, `tx:after-rename:1`, `object:after-partial-write`. */
  point: string;
  hook?: FaultHook | undefined;
}

/** How often each point named in `RELCTL_FAULT=<point>#<n>` was reached in this process. */
const reached = new Map<string, number>();

/**
 * A fault point. Calls the in-process `hook` when one is given; and when the environment variable
 * `RELCTL_FAULT` equals `point`, kills the process on the spot with SIGKILL (no cleanup runs), so
 * crash tests can run a real child process. `RELCTL_FAULT=<point>#<n>` kills the n-th time the
 * point is reached (1-based) instead of the first: a command runs several transactions (the
 * push's remote-tracking refs have their own) and writes many objects.
 *
 * Points of a ref transaction: `tx:after-lock`, `tx:after-prepare`, `tx:after-journal`,
 * `tx:after-worktree`, `tx:after-packed-refs`, `tx:after-rename:<n>` (1-based, per moved ref),
 * `tx:before-journal-delete`. Points of a file written into the object database (a loose object,
 * or a pack isomorphic-git fetched): `object:after-create` (temp file created, empty),
 * `object:after-partial-write` (half of it written), `object:before-rename` (complete, not yet
 * in place); the same for a file of a worktree a transaction brings along (`worktree:…`) and for
 * that worktree's index (`index:…`).
 *
 * @example
 * ```ts
 * // RELCTL_FAULT=tx:after-journal node promote.mjs  → dies right after the journal is written
 * // RELCTL_FAULT=object:after-partial-write#3 …     → dies half way through the third object it writes
 * await injectFault({ point: 'tx:after-journal', hook });
 * ```
 */
export async function injectFault({ point, hook }: InjectFaultOptions): Promise<void> {
  if (hook) await hook(point);
  const wanted = process.env['RELCTL_FAULT'];
  if (!wanted) return;
  const hash = wanted.lastIndexOf('#');
  if (hash < 0) {
    if (wanted === point) die();
    return;
  }
  if (wanted.slice(0, hash) !== point) return;
  const count = (reached.get(point) ?? 0) + 1;
  reached.set(point, count);
  if (String(count) === wanted.slice(hash + 1)) die();
}

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  process.exit(137);
}
