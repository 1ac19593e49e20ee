import { REQUEST_ID_PATTERN, StateError, UsageError, type Bump } from '@relctl/core';
import type { ChangesetRelease, ParsedChangeset } from '../types.js';
import { highestBump } from '../plan/highest-bump.js';
import { splitLines } from './split-lines.js';

/** Options of {@link parseRequestChangeset}. */
export interface ParseRequestChangesetOptions {
  /** The request id; the file is `.changeset/<id>.md`. */
  id: string;
  /** The file's text. */
  text: string;
}

/** Largest changeset file accepted (characters). */
const MAX_LENGTH = 1 << 20;
/** Longest front-matter line accepted (characters). */
const MAX_LINE = 4096;
const BUMPS: readonly string[] = ['major', 'minor', 'patch', 'none'];
/** Characters that cannot start a plain YAML scalar (so a package name starting with one must be quoted). */
const YAML_INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

/**
 * Parse a request's changeset file. Reads both forms relctl writes (see `formatRequestChangeset`):
 *
 * - the standard changesets form, one `"<package>": <bump>` line per package (monorepos may list
 *   several), and
 * - relctl's repository form `bump: <bump>` for a repository without a named `package.json`.
 *
 * The front matter is read with a small strict parser instead of a YAML library: it accepts
 * everything `changeset add` writes (quoted or plain keys, comments, blank lines) in linear time,
 * and rejects the rest with a message naming the line. It never throws anything but a
 * `StateError` (malformed file) or a `UsageError` (malformed id).
 *
 * @example
 * ```ts
 * const parsed = parseRequestChangeset({ id: 'A', text: '---\n"web-app": minor\n---\n\nAdd CSV export\n' });
 * // { id: 'A', form: 'packages', releases: [{ name: 'web-app', type: 'minor' }], bump: 'minor', summary: 'Add CSV export' }
 * ```
 */
export function parseRequestChangeset(options: ParseRequestChangesetOptions): ParsedChangeset {
  const id: unknown = options?.id;
  const text: unknown = options?.text;
  if (typeof id !== 'string' || !REQUEST_ID_PATTERN.test(id)) {
    throw new UsageError(
      `${quote(id)} is not a request id; use a letter or digit, then up to 63 letters, digits, '.', '_' or '-'`,
      { id: typeof id === 'string' ? id : null },
    );
  }
  const fail = (reason: string, line?: number): StateError => {
    const path = `.changeset/${id}.md`;
    return new StateError(`${path}${line === undefined ? '' : ` line ${line}`}: ${reason}`, {
      id,
      path,
      line: line ?? null,
      reason,
    });
  };
  if (typeof text !== 'string') throw fail('the file content is not text; rewrite it as a markdown changeset');
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.length > MAX_LENGTH) {
    throw fail(`the file has ${source.length} characters; a changeset is a short note (at most 1 MiB), shorten it`);
  }
  const lines = splitLines(source);

  let open = 0;
  while (open < lines.length && (lines[open] as string).trim() === '') open += 1;
  if (open >= lines.length) {
    throw fail(`the file is empty; write '---', then '"<package>": minor' (or 'bump: minor'), then '---' and the note`);
  }
  if ((lines[open] as string).trim() !== '---') {
    throw fail(
      `the file does not start with a '---' front-matter line; write '---', then '"<package>": minor' (or 'bump: minor'), then '---' and the note`,
      open + 1,
    );
  }
  let close = open + 1;
  while (close < lines.length && (lines[close] as string).trim() !== '---') close += 1;
  if (close >= lines.length) {
    throw fail(`the front matter has no closing '---' line; add one after the bump lines`, open + 1);
  }

  const entries = new Map<string, Bump>();
  for (let index = open + 1; index < close; index += 1) {
    const raw = lines[index] as string;
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (raw.length > MAX_LINE) throw fail(`the line is longer than ${MAX_LINE} characters; shorten it`, lineNumber);
    const pair = parsePair(raw);
    if ('error' in pair) throw fail(pair.error, lineNumber);
    const { key, value } = pair;
    if (key.trim() === '') throw fail(`a package name is empty; write '"<package>": <bump>'`, lineNumber);
    if (entries.has(key)) throw fail(`${quote(key)} is named twice; keep one line per package`, lineNumber);
    if (!BUMPS.includes(value)) {
      throw fail(`${quote(value)} is not a bump for ${quote(key)}; use major, minor, patch or none`, lineNumber);
    }
    entries.set(key, value as Bump);
  }

  const summary = lines
    .slice(close + 1)
    .join('\n')
    .trim();
  if (entries.size === 1 && entries.has('bump')) {
    const bump = entries.get('bump') as Bump;
    return { id, form: 'repository', releases: [], bump, summary };
  }
  const releases: ChangesetRelease[] = [...entries].map(([name, type]) => ({ name, type }));
  return { id, form: 'packages', releases, bump: highestBump(releases.map((release) => release.type)), summary };
}

interface Pair {
  key: string;
  value: string;
}

/** Parse one `key: value` front-matter line (quoted or plain key and value, optional `# comment`). */
function parsePair(line: string): Pair | { error: string } {
  const shape = `${quote(line.trim())} is not '"<package>": <bump>'; quote the package name and use major, minor, patch or none`;
  let at = skipSpaces(line, 0);
  let key: string;
  const first = line[at] as string;
  if (first === '"' || first === "'") {
    const scalar = readQuoted(line, at);
    if (scalar === null) return { error: shape };
    key = scalar.value;
    at = skipSpaces(line, scalar.end);
    if (line[at] !== ':') return { error: shape };
    at += 1;
  } else {
    if (YAML_INDICATORS.has(first)) return { error: shape };
    let colon = at;
    while (colon < line.length && !(line[colon] === ':' && isBlankOrEnd(line, colon + 1))) {
      if (line[colon] === '#' && colon > at && isBlank(line[colon - 1])) return { error: shape };
      colon += 1;
    }
    if (colon >= line.length) return { error: shape };
    key = line.slice(at, colon).trimEnd();
    at = colon + 1;
  }
  at = skipSpaces(line, at);
  if (at >= line.length || line[at] === '#') {
    return { error: `${quote(key)} has no bump; write '${JSON.stringify(key)}: minor' (major, minor, patch or none)` };
  }
  let value: string;
  if (line[at] === '"' || line[at] === "'") {
    const scalar = readQuoted(line, at);
    if (scalar === null) return { error: shape };
    value = scalar.value;
    at = scalar.end;
  } else {
    const start = at;
    while (at < line.length && !isBlank(line[at])) at += 1;
    value = line.slice(start, at);
  }
  at = skipSpaces(line, at);
  if (at < line.length && !(line[at] === '#' && isBlank(line[at - 1]))) return { error: shape };
  return { key, value };
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

/** A value as a short one-line quoted string for messages. */
function quote(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? typeof value);
  } catch {
    shown = typeof value;
  }
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}
