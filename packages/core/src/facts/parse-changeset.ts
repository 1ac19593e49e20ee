import type { Bump, ChangesetSummary } from '../model/request.js';
import { isFrontMatterFiller } from './is-front-matter-filler.js';
import { parseFrontMatterPair } from './parse-front-matter-pair.js';

const RANK: Readonly<Record<Bump, number>> = { none: 0, patch: 1, minor: 2, major: 3 };
/** Largest changeset file accepted (characters), as the release reads it. */
const MAX_LENGTH = 1 << 20;
/** Longest front-matter line accepted (characters), as the release reads it. */
const MAX_LINE = 4096;

function isBump(value: string): value is Bump {
  return Object.prototype.hasOwnProperty.call(RANK, value);
}

/**
 * Read a request's changeset file (`.changeset/<id>.md`): the highest bump named in its front
 * matter and the markdown body. Accepts the changesets form (`"pkg": minor` lines) and relctl's
 * own form (`bump: minor`); an empty front matter means `none`. CRLF and a BOM are tolerated.
 *
 * It accepts exactly the files `@relctl/release-notes`' `parseRequestChangeset` (which cuts the
 * release) accepts, with the same bump and summary — so a request that passes the `changeset`
 * rule never fails at its release for its changeset, and the other way round (a property test
 * checks the two agree). The full parser (packages, error messages) lives there; this one only
 * needs the summary.
 *
 * @returns `null` when the text has no front matter, a line of it is not `name: bump` (or is YAML
 *   that `@changesets/parse` refuses: a tab before an entry, `"name":bump`), entries are indented
 *   differently, a package is named twice, or the file or a front-matter line is too long.
 * @example
 * ```ts
 * parseChangeset('---\n"@acme/web": minor\n"@acme/api": patch\n---\n\nAdd CSV export\n');
 * // { bump: 'minor', summary: 'Add CSV export' }
 * ```
 */
export function parseChangeset(text: string): ChangesetSummary | null {
  if (typeof text !== 'string') return null;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.length > MAX_LENGTH) return null;
  // Split on \n, dropping the \r's that end a line (CRLF files), as the release does.
  const lines = source.split('\n').map((line) => line.replace(/\r+$/, ''));
  let open = 0;
  while (open < lines.length && (lines[open] ?? '').trim() === '') open += 1;
  if ((lines[open] ?? '').trim() !== '---') return null;
  let close = open + 1;
  while (close < lines.length && (lines[close] ?? '').trim() !== '---') close += 1;
  if (close >= lines.length) return null;

  let bump: Bump = 'none';
  const seen = new Set<string>();
  let indent: number | null = null;
  for (const raw of lines.slice(open + 1, close)) {
    if (isFrontMatterFiller(raw)) continue;
    if (raw.length > MAX_LINE) return null;
    const pair = parseFrontMatterPair(raw);
    if (pair === null || pair.key.trim() === '' || seen.has(pair.key) || !isBump(pair.value)) return null;
    if (indent !== null && pair.indent !== indent) return null;
    indent = pair.indent;
    seen.add(pair.key);
    if (RANK[pair.value] > RANK[bump]) bump = pair.value;
  }
  const summary = lines
    .slice(close + 1)
    .join('\n')
    .trim();
  return { bump, summary };
}
