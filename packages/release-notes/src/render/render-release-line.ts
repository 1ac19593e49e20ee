import type { Sha } from '@relctl/core';

/**
 * Options of {@link renderReleaseLine}.
 *
 * @example
 * ```ts
 * renderReleaseLine({ summary: 'Fix login redirect' }); // '- Fix login redirect'
 * ```
 */
export interface RenderReleaseLineOptions {
  /** Request id, shown first. */
  id?: string;
  /** The request head; shown abbreviated to 7 characters. */
  sha?: Sha;
  /** The release note; its first line is the bullet, the rest is indented under it. */
  summary: string;
}

/**
 * One changelog bullet, in the format of `@changesets/changelog-git`'s `getReleaseLine`
 * (`- <sha7>: <first line>`, later lines indented two spaces) with the request id in front and
 * without calling git: the SHA is passed in. Trailing spaces are dropped.
 *
 * @example
 * ```ts
 * renderReleaseLine({ id: 'A', sha: '1a2b3c4d5e…', summary: 'Add CSV export' });
 * // '- A (1a2b3c4): Add CSV export'
 * ```
 */
export function renderReleaseLine(options: RenderReleaseLineOptions): string {
  const [first = '', ...rest] = options.summary.split('\n').map((line) => line.trimEnd());
  const sha = options.sha ? options.sha.slice(0, 7) : undefined;
  let label: string;
  if (options.id !== undefined) label = sha ? `${options.id} (${sha})` : options.id;
  else label = sha ?? '';
  let line = label === '' ? `- ${first}` : first === '' ? `- ${label}` : `- ${label}: ${first}`;
  if (rest.length > 0) line += `\n${rest.map((text) => (text === '' ? '' : `  ${text}`)).join('\n')}`;
  return line.trimEnd();
}
