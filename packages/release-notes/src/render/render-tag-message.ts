import type { ChangelogItem } from '../types.js';
import { renderNotesText } from './render-notes-text.js';

/**
 * Options of {@link renderTagMessage}.
 *
 * @example
 * ```ts
 * const tagMessage = renderTagMessage({ version: '1.4.0', date: '2026-01-15', items });
 * ```
 */
export interface RenderTagMessageOptions {
  version: string;
  /** Release date `YYYY-MM-DD`, shown in the first line. */
  date?: string;
  items: ChangelogItem[];
  /** Monorepos: the package versions of the release. */
  packages?: Array<{ name: string; newVersion: string }>;
  /** Requests whose changesets the release keeps for later. */
  kept?: string[];
}

/**
 * The annotated tag message of a release: `Release <version> (<date>)`, a blank line, the notes
 * as plain text. Ends with a newline.
 *
 * @example
 * ```ts
 * renderTagMessage({ version: '1.4.0', date: '2026-01-15', items: [{ id: 'A', type: 'minor', summary: 'Add CSV export' }] });
 * // 'Release 1.4.0 (2026-01-15)\n\nMinor changes:\n- A: Add CSV export\n'
 * ```
 */
export function renderTagMessage(options: RenderTagMessageOptions): string {
  const title = `Release ${options.version}${options.date ? ` (${options.date})` : ''}`;
  return `${title}\n\n${renderNotesText({ items: options.items, packages: options.packages, kept: options.kept })}\n`;
}
