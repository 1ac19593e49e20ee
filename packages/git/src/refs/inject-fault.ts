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
  /** E.g. `tx:after-journal`, `tx:after-rename:1`. */
  point: string;
  hook?: FaultHook | undefined;
}

/**
 * A fault point of a ref transaction. Calls the in-process `hook` when one is given; and when the
 * environment variable `RELCTL_FAULT` equals `point`, kills the process on the spot with SIGKILL
 * (no cleanup runs), so crash tests can run a real child process.
 *
 * Points: `tx:after-lock`, `tx:after-prepare`, `tx:after-journal`, `tx:after-worktree`,
 * `tx:after-packed-refs`, `tx:after-rename:<n>` (1-based, per moved ref), `tx:before-journal-delete`.
 *
 * @example
 * ```ts
 * // RELCTL_FAULT=tx:after-journal node promote.mjs  → dies right after the journal is written
 * await injectFault({ point: 'tx:after-journal', hook });
 * ```
 */
export async function injectFault({ point, hook }: InjectFaultOptions): Promise<void> {
  if (hook) await hook(point);
  if (process.env['RELCTL_FAULT'] === point) {
    process.kill(process.pid, 'SIGKILL');
    process.exit(137);
  }
}
