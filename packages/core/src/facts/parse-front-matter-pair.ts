/**
 * A front-matter line of a changeset, read: the package name (or `bump`) and its bump word.
 *
 * @example
 * ```ts
 * const pair: FrontMatterPair | null = parseFrontMatterPair('"@acme/web": minor'); // { key: '@acme/web', value: 'minor' }
 * ```
 */
export interface FrontMatterPair {
  key: string;
  value: string;
  /** Spaces before the key. YAML needs every entry of one mapping at the same indentation. */
  indent: number;
}

/** Characters that cannot start a plain YAML scalar (so a package name starting with one must be quoted). */
const YAML_INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

/**
 * Plain scalars YAML's core schema (js-yaml, which `@changesets/parse` uses) reads as null, a
 * boolean or a number: as a key, `1.0` becomes `"1"` and `~` becomes `"null"`, so such a name must
 * be quoted to mean itself.
 */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+)|[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * Read one `key: value` line of a changeset's front matter with the small strict grammar of
 * `@relctl/release-notes`' `parseRequestChangeset` (which cuts the release): spaces (never a tab)
 * before the key, a double-quoted (JSON escapes), single-quoted (`''`) or plain key, a `:` followed
 * by a blank, a quoted or plain value, an optional ` # comment`. Linear time. `null` for anything
 * else, including every line YAML (and so `@changesets/parse`, which `changeset status` uses)
 * refuses or reads as something other than a string key: a tab before the key, `"web":minor`, a
 * plain key such as `1.0` or `~`. The caller checks that all pairs share one `indent`.
 *
 * @example
 * ```ts
 * parseFrontMatterPair('"@acme/web": minor # the shop'); // { key: '@acme/web', value: 'minor', indent: 0 }
 * parseFrontMatterPair('web:minor'); // null (YAML needs a blank after the colon)
 * parseFrontMatterPair('\t"web": minor'); // null (YAML indents with spaces only)
 * ```
 */
export function parseFrontMatterPair(line: string): FrontMatterPair | null {
  let indent = 0;
  while (line[indent] === ' ') indent += 1;
  if (line[indent] === '\t') return null;
  let at = indent;
  let key: string;
  const first = line[at] as string;
  if (first === '"' || first === "'") {
    const scalar = readQuoted(line, at);
    if (scalar === null) return null;
    key = scalar.value;
    at = skipSpaces(line, scalar.end);
    if (line[at] !== ':' || !isBlankOrEnd(line, at + 1)) return null;
    at += 1;
  } else {
    if (YAML_INDICATORS.has(first)) return null;
    let colon = at;
    while (colon < line.length && !(line[colon] === ':' && isBlankOrEnd(line, colon + 1))) {
      if (line[colon] === '#' && colon > at && isBlank(line[colon - 1])) return null;
      colon += 1;
    }
    if (colon >= line.length) return null;
    let end = colon;
    while (end > at && isBlank(line[end - 1])) end -= 1;
    key = line.slice(at, end);
    if (NOT_A_STRING.test(key)) return null;
    at = colon + 1;
  }
  at = skipSpaces(line, at);
  if (at >= line.length || line[at] === '#') return null;
  let value: string;
  if (line[at] === '"' || line[at] === "'") {
    const scalar = readQuoted(line, at);
    if (scalar === null) return null;
    value = scalar.value;
    at = scalar.end;
  } else {
    const start = at;
    while (at < line.length && !isBlank(line[at])) at += 1;
    value = line.slice(start, at);
  }
  at = skipSpaces(line, at);
  if (at < line.length && !(line[at] === '#' && isBlank(line[at - 1]))) return null;
  return { key, value, indent };
}

/** Read a YAML double-quoted (JSON escapes) or single-quoted (`''` escape) scalar starting at `start`. */
function readQuoted(line: string, start: number): { value: string; end: number } | null {
  const mark = line[start];
  let at = start + 1;
  if (mark === "'") {
    while (at < line.length) {
      if (line[at] === "'") {
        if (line[at + 1] === "'") {
          at += 2;
          continue;
        }
        return { value: line.slice(start + 1, at).replaceAll("''", "'"), end: at + 1 };
      }
      at += 1;
    }
    return null;
  }
  while (at < line.length) {
    if (line[at] === '\\') {
      at += 2;
      continue;
    }
    if (line[at] === '"') {
      try {
        const value: unknown = JSON.parse(line.slice(start, at + 1));
        return typeof value === 'string' ? { value, end: at + 1 } : null;
      } catch {
        return null;
      }
    }
    at += 1;
  }
  return null;
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

function isBlankOrEnd(line: string, at: number): boolean {
  return at >= line.length || isBlank(line[at]);
}

function skipSpaces(line: string, at: number): number {
  let next = at;
  while (next < line.length && isBlank(line[next])) next += 1;
  return next;
}
