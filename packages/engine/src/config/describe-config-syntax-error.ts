import { readFileSync } from 'node:fs';

/**
 * One line for a config file that does not parse, with where and why: `relctl.config.yaml line
 * 2, column 15: insufficient indentation in flow collection`. cosmiconfig wraps the parser's
 * error as `YAML Error in <file>:\n<cause> at line L, column C:\n<code frame>` (the `yaml`
 * package; js-yaml writes `<cause> (L:C)`) or `JSON Error in <file>:\n<code frame>\n<cause> in JSON at position P …`; only the
 * first line used to be shown, which named the file and nothing else.
 *
 * @example
 * ```ts
 * describeConfigSyntaxError(error); // '/repo/relctl.config.yaml line 2, column 15: Insufficient indentation in flow collection'
 * ```
 */
export function describeConfigSyntaxError(error: unknown): { message: string; file: string | null; line: number | null; column: number | null; cause: string } {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n');
  const header = /^(?:YAML|JSON) Error in (.*?):\s*$/.exec(lines[0] ?? '');
  if (!header) {
    const cause = lines.find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
    return { message: cause, file: null, line: null, column: null, cause };
  }
  const file = header[1] ?? '';
  const body = lines.slice(1).map((line) => line.trim());
  // A code frame's lines start with ">", "|" or a line number; the cause is the first other line.
  const causeLine = body.find((line) => line !== '' && !/^(>|\||\d+ \|)/.test(line)) ?? 'cannot parse it';
  let line: number | null = null;
  let column: number | null = null;
  let cause = causeLine;
  // `yaml`: "<cause> at line L, column C:"; js-yaml: "<cause> (L:C)".
  const at = /^(.*?) at line (\d+), column (\d+):?$/.exec(causeLine) ?? /^(.*?) \((\d+):(\d+)\)$/.exec(causeLine);
  const position = /^(.*?) in JSON at position (\d+)/.exec(causeLine);
  if (at) {
    cause = at[1] ?? causeLine;
    line = Number(at[2]);
    column = Number(at[3]);
  } else if (position) {
    cause = position[1] ?? causeLine;
    const where = lineAndColumn(file, Number(position[2]));
    if (where) ({ line, column } = where);
  }
  cause = cause.replace(/[.:\s]+$/, '');
  const place = line === null ? '' : ` line ${line}, column ${column}`;
  return { message: `${file}${place}: ${cause}`, file, line, column, cause };
}

function lineAndColumn(file: string, offset: number): { line: number; column: number } | null {
  try {
    const before = readFileSync(file, 'utf8').slice(0, offset).split('\n');
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  } catch {
    return null;
  }
}
