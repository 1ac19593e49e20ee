import type { Bump, ChangesetSummary } from '../model/request.js';

const RANK: Readonly<Record<Bump, number>> = { none: 0, patch: 1, minor: 2, major: 3 };
const ENTRY = /^(?:"([^"]*)"|'([^']*)'|([^\s"'#:][^:]*?))\s*:\s*([A-Za-z]+)\s*(?:#.*)?$/;

function isBump(value: string): value is Bump {
  return Object.prototype.hasOwnProperty.call(RANK, value);
}

/**
 * Read a request's changeset file (`.changeset/<id>.md`): the highest bump named in its front
 * matter and the markdown body. Accepts the changesets form (`"pkg": minor` lines) and relctl's
 * own form (`bump: minor`); an empty front matter means `none`. CRLF is tolerated. The full
 * changesets parser lives in `@relctl/release-notes`; this one only needs the summary.
 *
 * @returns `null` when the text has no front matter or a line of it is not `name: bump`.
 * @example
 * ```ts
 * parseChangeset('---\n"@acme/web": minor\n"@acme/api": patch\n---\n\nAdd CSV export\n');
 * // { bump: 'minor', summary: 'Add CSV export' }
 * ```
 */
export function parseChangeset(text: string): ChangesetSummary | null {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let first = 0;
  while (first < lines.length && (lines[first] ?? '').trim() === '') first += 1;
  if ((lines[first] ?? '').trim() !== '---') return null;
  let close = first + 1;
  while (close < lines.length && (lines[close] ?? '').trim() !== '---') close += 1;
  if (close >= lines.length) return null;

  let bump: Bump = 'none';
  for (const raw of lines.slice(first + 1, close)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = ENTRY.exec(line);
    const value = match?.[4];
    if (value === undefined || !isBump(value)) return null;
    if (RANK[value] > RANK[bump]) bump = value;
  }
  const summary = lines
    .slice(close + 1)
    .join('\n')
    .trim();
  return { bump, summary };
}
