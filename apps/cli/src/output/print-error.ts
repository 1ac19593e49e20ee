import { ExitCode, RelctlError, type ExitCodeValue } from '@relctl/core';
import type { Io } from '../io.js';
import { colorsFor } from './colors.js';
import { toJson } from './format.js';
import { scrubSecrets } from './scrub-secrets.js';

/**
 * Print an error the way every command does: one line on stderr (`relctl: <what is wrong and how
 * to fix it>`), or a JSON object on stdout with `--json`; returns the exit code from DESIGN.md.
 * Unexpected errors (bugs) exit 1 and print their stack only with `RELCTL_DEBUG=1`.
 */
export function printError(io: Io, error: unknown, json: boolean): ExitCodeValue {
  const known = error instanceof RelctlError;
  const message = scrubSecrets(firstLine(error instanceof Error ? error.message : String(error)), io.env);
  const code = known ? error.code : 'UnexpectedError';
  if (json) {
    io.stdout(toJson({ error: { code, message, data: known ? error.data : {} } }));
  } else {
    const colors = colorsFor(io);
    io.stderr(`${colors.red('relctl:')} ${message}\n`);
    if (!known) io.stderr('This is a bug in relctl; rerun with RELCTL_DEBUG=1 and report the output.\n');
  }
  if (!known && io.env.RELCTL_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return known ? error.exitCode : ExitCode.unexpected;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}
