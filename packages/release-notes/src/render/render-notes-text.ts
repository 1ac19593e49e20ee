import type { ChangelogItem } from '../types.js';
import { renderReleaseLine } from './render-release-line.js';

/**
 * Options of {@link renderNotesText}.
 *
 * @example
 * ```ts
 * renderNotesText({ items, packages: [{ name: 'lib-a', newVersion: '1.1.0' }] });
 * ```
 */
export interface RenderNotesTextOptions {
  items: ChangelogItem[];
  /** Monorepos: the package versions of the release. */
  packages?: Array<{ name: string; newVersion: string }>;
  /** Requests whose changesets the release keeps for later (they name only packages the changesets config leaves out). */
  kept?: string[];
}

const GROUPS = [
  ['major', 'Major changes'],
  ['minor', 'Minor changes'],
  ['patch', 'Patch changes'],
  ['none', 'Other changes'],
] as const;

/**
 * Release notes as plain text for commit and tag messages: the changelog groups without `#`
 * headings (git may strip `#` lines from messages), one bullet per request.
 *
 * @example
 * ```ts
 * renderNotesText({ items: [{ id: 'A', type: 'minor', summary: 'Add CSV export' }] });
 * // 'Minor changes:\n- A: Add CSV export'
 * ```
 */
export function renderNotesText(options: RenderNotesTextOptions): string {
  const sections: string[] = [];
  for (const [type, label] of GROUPS) {
    const lines = options.items.filter((item) => item.type === type).map((item) => renderReleaseLine({ id: item.id, sha: item.sha, summary: item.summary }));
    if (lines.length > 0) sections.push(`${label}:\n${lines.join('\n')}`);
  }
  if (options.packages && options.packages.length > 0) {
    sections.push(`Packages:\n${options.packages.map((pkg) => `- ${pkg.name}@${pkg.newVersion}`).join('\n')}`);
  }
  if (options.kept && options.kept.length > 0) {
    sections.push(`Changesets kept for a later release (their packages are not versioned now): ${options.kept.join(', ')}`);
  }
  return sections.length > 0 ? sections.join('\n\n') : 'No changes.';
}
