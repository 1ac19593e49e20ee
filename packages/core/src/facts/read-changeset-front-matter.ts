import type { Bump } from '../model/request.js';
import { splitLines } from '../text/split-lines.js';
import { isFrontMatterFiller } from './is-front-matter-filler.js';
import { parseFrontMatterPair } from './parse-front-matter-pair.js';

/** Largest changeset file accepted (characters). */
const MAX_LENGTH = 1 << 20;
/** Longest front-matter line accepted (characters). */
const MAX_LINE = 4096;
const BUMPS: readonly string[] = ['major', 'minor', 'patch', 'none'];

/**
 * A changeset file read by {@link readChangesetFrontMatter}: its entries in file order (`bump`
 * for relctl's repository form, package names otherwise) and its markdown body; or why it is
 * refused, with the 1-based line when one line is at fault.
 *
 * @example
 * ```ts
 * const read: ChangesetFrontMatter = readChangesetFrontMatter('---\n"web": minor\n---\n\nAdd CSV export\n');
 * // { entries: [{ name: 'web', bump: 'minor' }], summary: 'Add CSV export' }
 * ```
 */
export type ChangesetFrontMatter = { entries: Array<{ name: string; bump: Bump }>; summary: string } | { error: string; line: number | null };

/**
 * Read a request's changeset file (`.changeset/<id>.md`): the one front-matter reader behind both
 * the `changeset` rule and status (`parseChangeset`) and the release (`@relctl/release-notes`'
 * `parseRequestChangeset`), so a request that passes the rule never fails at its release for its
 * changeset, and the other way round. Accepts the changesets form (`"pkg": minor` lines) and
 * relctl's own form (`bump: minor`); an empty front matter has no entries. CRLF and a BOM are
 * tolerated. A small strict grammar instead of a YAML library: everything `changeset add` writes
 * (quoted or plain keys, comments, blank lines) in linear time; anything else is refused with a
 * reason that says how to fix it — a line that is not `name: bump` (or YAML that
 * `@changesets/parse` refuses: a tab before an entry, `"name":bump`), entries indented
 * differently, a package named twice, a file or a line too long.
 *
 * @example
 * ```ts
 * readChangesetFrontMatter('---\n"@acme/web": huge\n---\n');
 * // { error: '"huge" is not a bump for "@acme/web"; use major, minor, patch or none', line: 2 }
 * ```
 */
export function readChangesetFrontMatter(text: string): ChangesetFrontMatter {
  const fail = (error: string, line: number | null = null): ChangesetFrontMatter => ({ error, line });
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.length > MAX_LENGTH) {
    return fail(`the file has ${source.length} characters; a changeset is a short note (at most 1 MiB), shorten it`);
  }
  const lines = splitLines(source);

  let open = 0;
  while (open < lines.length && (lines[open] as string).trim() === '') open += 1;
  if (open >= lines.length) {
    return fail(`the file is empty; write '---', then '"<package>": minor' (or 'bump: minor'), then '---' and the note`);
  }
  if ((lines[open] as string).trim() !== '---') {
    return fail(`the file does not start with a '---' front-matter line; write '---', then '"<package>": minor' (or 'bump: minor'), then '---' and the note`, open + 1);
  }
  let close = open + 1;
  while (close < lines.length && (lines[close] as string).trim() !== '---') close += 1;
  if (close >= lines.length) return fail(`the front matter has no closing '---' line; add one after the bump lines`, open + 1);

  const entries = new Map<string, Bump>();
  let indent: number | null = null;
  for (let index = open + 1; index < close; index += 1) {
    const raw = lines[index] as string;
    const lineNumber = index + 1;
    if (isFrontMatterFiller(raw)) continue;
    if (raw.length > MAX_LINE) return fail(`the line is longer than ${MAX_LINE} characters; shorten it`, lineNumber);
    const pair = parsePair(raw);
    if ('error' in pair) return fail(pair.error, lineNumber);
    const { key, value } = pair;
    if (indent !== null && pair.indent !== indent) {
      return fail(`the line is indented by ${pair.indent} spaces, the one above by ${indent}; YAML needs every package line at the same indentation`, lineNumber);
    }
    indent = pair.indent;
    if (key.trim() === '') return fail(`a package name is empty; write '"<package>": <bump>'`, lineNumber);
    if (entries.has(key)) return fail(`${quote(key)} is named twice; keep one line per package`, lineNumber);
    if (!BUMPS.includes(value)) return fail(`${quote(value)} is not a bump for ${quote(key)}; use major, minor, patch or none`, lineNumber);
    entries.set(key, value as Bump);
  }
  const summary = lines
    .slice(close + 1)
    .join('\n')
    .trim();
  return { entries: [...entries].map(([name, bump]) => ({ name, bump })), summary };
}

/**
 * Parse one `key: value` front-matter line with {@link parseFrontMatterPair}, turning a refusal
 * into a message that says how to fix it.
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
function quote(value: string): string {
  const shown = JSON.stringify(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}
