/**
 * The surroundings an operation reads, injected so that the engine never reaches for the
 * process's globals itself: the folder it starts from, the environment variables, the clock.
 * Output is not here: the engine reports `EngineEvent`s and the front end prints them. (The
 * CLI's own `Io`, which also prints, fits where this is asked for.)
 *
 * @example
 * ```ts
 * const io: Io = { cwd: repoDir, env: { PATH: process.env.PATH }, now: () => Date.UTC(2026, 0, 15) };
 * ```
 */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds. */
  now: () => number;
}
