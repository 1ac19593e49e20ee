import { isFrontMatterFiller, parseFrontMatterPair, REQUEST_ID_PATTERN, StateError, UsageError, type Bump } from '@relctl/core';
import type { ChangesetRelease, ParsedChangeset } from '../types.js';
import { highestBump } from '../plan/highest-bump.js';
import { splitLines } from './split-lines.js';

/**
 * Options of {@link parseRequestChangeset}.
 *
 * @example
 * ```ts
 * const parsed = parseRequestChangeset({ id: 'A', text: changesetText });
 * ```
 */
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
  let indent: number | null = null;
  for (let index = open + 1; index < close; index += 1) {
    const raw = lines[index] as string;
    const lineNumber = index + 1;
    if (isFrontMatterFiller(raw)) continue;
    if (raw.length > MAX_LINE) throw fail(`the line is longer than ${MAX_LINE} characters; shorten it`, lineNumber);
    const pair = parsePair(raw);
    if ('error' in pair) throw fail(pair.error, lineNumber);
    const { key, value } = pair;
    if (indent !== null && pair.indent !== indent) {
      throw fail(`the line is indented by ${pair.indent} spaces, the one above by ${indent}; YAML needs every package line at the same indentation`, lineNumber);
    }
    indent = pair.indent;
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

/**
 * Parse one `key: value` front-matter line with core's grammar (the one `parseChangeset` reads
 * for status, so both agree on every file), turning a refusal into a message that says how to fix it.
 */
function parsePair(line: string): { key: string; value: string; indent: number } | { error: string } {
  const pair = parseFrontMatterPair(line);
  if (pair !== null) return pair;
  if (/^ *\t/.test(line)) return { error: `a tab starts the line; YAML indents with spaces only, so write the line without the tab` };
  const glued = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?=\S)/.exec(line);
  if (glued !== null) return { error: `${glued[1]} has no blank after its ':'; YAML needs one: write '${glued[1]}: <bump>'` };
  const plain = /^\s*([^\s#'"][^#]*?)\s*:\s/.exec(line);
  const indicator = /^[-?:,[\]{}#&*!|>'"%@`]/;
  if (plain !== null && !indicator.test(plain[1] as string) && parseFrontMatterPair(line.replace(plain[1] as string, JSON.stringify(plain[1]))) !== null) {
    return { error: `YAML reads the name ${plain[1]} as a number, boolean or null, not as text; quote it: ${JSON.stringify(plain[1])}` };
  }
  // `"web":` or `web: # soon`: a key with nothing after the colon.
  const bare = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^#]*?)\s*:\s*(#.*)?$/.exec(line);
  if (bare !== null) {
    const raw = bare[1] as string;
    const key = raw.startsWith('"') ? (safeJson(raw) ?? raw) : raw.startsWith("'") ? raw.slice(1, -1).replaceAll("''", "'") : raw;
    return { error: `${quote(key)} has no bump; write '${JSON.stringify(key)}: minor' (major, minor, patch or none)` };
  }
  return { error: `${quote(line.trim())} is not '"<package>": <bump>'; quote the package name and use major, minor, patch or none` };
}

function safeJson(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
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
