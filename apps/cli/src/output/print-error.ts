import { ExitCode, RelctlError, toStorageError, type ExitCodeValue } from '@relctl/core';
import type { Io } from '../io.js';
import { colorsFor } from './colors.js';
import { toJson } from './format.js';
import { printable } from './printable.js';
import { scrubSecrets } from './scrub-secrets.js';

/**
 * Print an error the way every command does: one line on stderr (`relctl: <what is wrong and how
 * to fix it>`, control characters escaped), or a JSON object on stdout with `--json` (the exact
 * message and all of the error's data); returns the exit code from DESIGN.md.
 * Unexpected errors (bugs) exit 1 and print their stack only with `RELCTL_DEBUG=1`; a failed write
 * on a full, size-limited, read-only or failing disk is named as such (exit 2).
 */
export function printError(io: Io, raw: unknown, json: boolean): ExitCodeValue {
  // A write that failed on a full, size-limited, read-only or failing disk outside a run (a run
  // says so itself, with its next step) is the disk's doing, not a bug.
  const error = raw instanceof RelctlError ? raw : (toStorageError(raw, { refsMoved: false }) ?? raw);
  const known = error instanceof RelctlError;
  const text = scrubSecrets(error instanceof Error ? error.message : String(error), io.env);
  const code = known ? error.code : 'UnexpectedError';
  if (json) {
    // The exact message and every piece of data: a script reads this, not a terminal.
    io.stdout(toJson({ error: { code, message: text.trim(), data: known ? error.data : {} } }));
  } else {
    const colors = colorsFor(io);
    // One line, and nothing in it (a title, a branch or file name) acts on the terminal.
    io.stderr(`${colors.red('relctl:')} ${printable(firstLine(text))}\n`);
    if (!known) io.stderr('This is a bug in relctl; rerun with RELCTL_DEBUG=1 and report the output.\n');
  }
  if (!known && io.env.RELCTL_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return known ? error.exitCode : ExitCode.unexpected;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}
