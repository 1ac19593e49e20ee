import type { Bump, ChangesetSummary } from '../model/request.js';
import { readChangesetFrontMatter } from './read-changeset-front-matter.js';

const RANK: Readonly<Record<Bump, number>> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * Read a request's changeset file (`.changeset/<id>.md`): the highest bump named in its front
 * matter and the markdown body. Accepts the changesets form (`"pkg": minor` lines) and relctl's
 * own form (`bump: minor`); an empty front matter means `none`. CRLF and a BOM are tolerated.
 *
 * Both it and `@relctl/release-notes`' `parseRequestChangeset` (which cuts the release) read the
 * file with {@link readChangesetFrontMatter}, so they accept exactly the same files, with the same
 * bump and summary; this one only needs the summary.
 *
 * @returns `null` when {@link readChangesetFrontMatter} refuses the file (no front matter, a line
 *   that is not `name: bump`, entries indented differently, a package named twice, too long).
 * @example
 * ```ts
 * parseChangeset('---\n"@acme/web": minor\n"@acme/api": patch\n---\n\nAdd CSV export\n');
 * // { bump: 'minor', summary: 'Add CSV export' }
 * ```
 */
export function parseChangeset(text: string): ChangesetSummary | null {
  if (typeof text !== 'string') return null;
  const read = readChangesetFrontMatter(text);
  if ('error' in read) return null;
  let bump: Bump = 'none';
  for (const entry of read.entries) if (RANK[entry.bump] > RANK[bump]) bump = entry.bump;
  return { bump, summary: read.summary };
}
