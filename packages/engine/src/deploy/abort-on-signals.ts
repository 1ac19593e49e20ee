/**
 * An abort signal tied to the process's termination signals; `dispose` stops listening.
 *
 * @example
 * ```ts
 * const abort: SignalAbort = abortOnSignals();
 * abort.signal.addEventListener('abort', () => console.log(abort.received())); // 'SIGINT'
 * ```
 */
export interface SignalAbort {
  signal: AbortSignal;
  /** The signal that aborted, if one did. */
  received(): NodeJS.Signals | null;
  dispose(): void;
}

/**
 * An `AbortSignal` that aborts on SIGINT or SIGTERM, so a deploy's process group is stopped and
 * relctl still records the (failed) deployment and releases the lock instead of dying with it.
 * A second signal while relctl finishes up ends the process the usual way.
 *
 * @example
 * ```ts
 * const abort = abortOnSignals();
 * try { await runDeploy({ …, signal: abort.signal }); } finally { abort.dispose(); }
 * ```
 */
export function abortOnSignals(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): SignalAbort {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== null) {
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    received = signal;
    controller.abort(new Error(`relctl received ${signal}`));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
