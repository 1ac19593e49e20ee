/**
 * Process exit codes relctl uses, as documented in the CLI guide.
 *
 * @example
 * ```ts
 * if (result.denied) process.exitCode = ExitCode.denied; // 3
 * ```
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  denied: 3,
  conflict: 4,
  race: 5,
} as const;

/**
 * One of {@link ExitCode}'s values.
 *
 * @example
 * ```ts
 * const code: ExitCodeValue = error instanceof RelctlError ? error.exitCode : ExitCode.unexpected;
 * process.exitCode = code;
 * ```
 */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Base class of every error relctl raises on purpose. `code` is stable (scripts may match on
 * it), `data` is JSON-safe detail, `exitCode` is what the CLI exits with. The message is one
 * line saying what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * try {
 *   await run();
 * } catch (error) {
 *   if (error instanceof RelctlError) {
 *     console.error(`relctl: ${error.message}`); // one line: what is wrong and how to fix it
 *     process.exitCode = error.exitCode; // e.g. 3 for a RuleDeniedError
 *   } else throw error;
 * }
 * ```
 */
export class RelctlError<D extends Record<string, unknown> = Record<string, unknown>> extends Error {
  readonly code: string;
  readonly data: D;
  readonly exitCode: ExitCodeValue;

  constructor(code: string, message: string, data: D, exitCode: ExitCodeValue) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.data = data;
    this.exitCode = exitCode;
  }

  /** The error as JSON-safe data, for `--json` output. */
  toJSON(): { code: string; message: string; data: D } {
    return { code: this.code, message: this.message, data: this.data };
  }
}
