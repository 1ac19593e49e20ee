import { readChangesetFrontMatter, REQUEST_ID_PATTERN, StateError, UsageError } from '@relctl/core';
import type { ChangesetRelease, ParsedChangeset } from '../types.js';
import { highestBump } from '../plan/highest-bump.js';

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

/**
 * Parse a request's changeset file. Reads both forms relctl writes (see `formatRequestChangeset`):
 *
 * - the standard changesets form, one `"<package>": <bump>` line per package (monorepos may list
 *   several), and
 * - relctl's repository form `bump: <bump>` for a repository without a named `package.json`.
 *
 * The front matter is read by `@relctl/core`'s `readChangesetFrontMatter` (the reader of the
 * `changeset` rule too): everything `changeset add` writes is accepted, the rest is refused with
 * a message naming the line. It never throws anything but a
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
    throw new UsageError(`${quote(id)} is not a request id; use a letter or digit, then up to 63 letters, digits, '.', '_' or '-'`, { id: typeof id === 'string' ? id : null });
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
  const read = readChangesetFrontMatter(text);
  if ('error' in read) throw fail(read.error, read.line ?? undefined);
  const { entries, summary } = read;
  const repository = entries.length === 1 ? entries[0] : undefined;
  if (repository?.name === 'bump') return { id, form: 'repository', releases: [], bump: repository.bump, summary };
  const releases: ChangesetRelease[] = entries.map(({ name, bump }) => ({ name, type: bump }));
  return { id, form: 'packages', releases, bump: highestBump(releases.map((release) => release.type)), summary };
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
