/**
 * The process surroundings a command runs in, injected so that commands can be run in-process by
 * tests and never reach for globals themselves. (The engine's copy, while some of its code still
 * writes finished lines: `openSession` makes one that turns them into `text` events.)
 *
 * @example
 * ```ts
 * const io: Io = { cwd: repoDir, env: {}, stdout: () => {}, stderr: () => {}, isTTY: false, now: () => 0 };
 * ```
 */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours and progress only then). */
  isTTY: boolean;
  /** Epoch milliseconds. */
  now: () => number;
}

/** The real process's {@link Io}. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    now: () => Date.now(),
  };
}
