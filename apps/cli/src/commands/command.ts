import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { Io } from '../io.js';

/** Options every command understands. */
export interface GlobalOptions {
  /** Run as if started in this folder (`-C`). */
  cwd?: string;
  /** Use this config file instead of searching. */
  config?: string;
  /** Machine-readable output. */
  json: boolean;
  /** Read only this clone's refs: no fetch before reading (read commands and dry runs). */
  offline?: boolean;
}

/**
 * One relctl command: a yargs command module built for an {@link Io}. `run` does the work and
 * returns the exit code; errors it throws are printed by the entry point.
 */
export interface RelctlCommand<A = Record<string, unknown>> {
  command: string | string[];
  describe: string;
  builder: (yargs: Argv) => Argv;
  run: (args: ArgumentsCamelCase<A & GlobalOptions>, io: Io) => Promise<number | void>;
}

/** Declare a command with its argument types (keeps each command file small and typed). */
export function defineCommand<A>(command: RelctlCommand<A>): RelctlCommand<A> {
  return command;
}
