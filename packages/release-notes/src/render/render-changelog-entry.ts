import type { ChangelogItem, ChangelogStyle } from '../types.js';
import { renderItemLine } from './render-item-line.js';

/**
 * Options of {@link renderChangelogEntry}.
 *
 * @example
 * ```ts
 * renderChangelogEntry({ version: '1.4.0', items, headingLevel: 2, packages: [{ name: 'lib-a', newVersion: '1.1.0' }] });
 * ```
 */
export interface RenderChangelogEntryOptions {
  /** The released version: the entry's heading. */
  version: string;
  /** One item per request, in release order. Items with bump `none` go under "Other Changes". */
  items: ChangelogItem[];
  /** An "Updated dependencies" bullet (from `renderDependencyReleaseLine`), listed under Patch Changes. */
  dependencyLine?: string;
  /** Monorepo repository entries: the package versions of the release, listed under "Packages". */
  packages?: Array<{ name: string; newVersion: string }>;
  /** Heading level of the version heading (groups are one deeper). Default 2. */
  headingLevel?: 1 | 2 | 3 | 4 | 5;
  /** Heading text instead of the version. */
  title?: string;
  /** How each request's bullet looks. Default `git`. */
  style?: ChangelogStyle;
}

const GROUPS = [
  ['major', 'Major Changes'],
  ['minor', 'Minor Changes'],
  ['patch', 'Patch Changes'],
  ['none', 'Other Changes'],
] as const;

/**
 * A changelog entry in the format `changeset version` writes (after prettier): `## <version>`,
 * then `### Major Changes` / `### Minor Changes` / `### Patch Changes` groups, one bullet per
 * request (`- <id> (<sha7>): <note>`, or changelog-github's bullet with the `github` style), the
 * "Updated dependencies" bullet last under Patch Changes. relctl adds "Other Changes" for requests that ship without a version bump and, on a
 * monorepo's repository entry, the package versions. No trailing newline.
 *
 * @example
 * ```ts
 * renderChangelogEntry({
 *   version: '1.4.0',
 *   items: [
 *     { id: 'A', type: 'minor', summary: 'Add CSV export', sha: '1a2b3c4d…' },
 *     { id: 'C', type: 'patch', summary: 'Fix login redirect', sha: '5d6e7f8a…' },
 *   ],
 * });
 * // '## 1.4.0\n\n### Minor Changes\n\n- A (1a2b3c4): Add CSV export\n\n### Patch Changes\n\n- C (5d6e7f8): Fix login redirect'
 * ```
 */
export function renderChangelogEntry(options: RenderChangelogEntryOptions): string {
  const level = options.headingLevel ?? 2;
  const heading = '#'.repeat(level);
  const group = '#'.repeat(level + 1);
  const style: ChangelogStyle = options.style ?? { kind: 'git' };
  const sections = [`${heading} ${options.title ?? options.version}`];
  for (const [type, label] of GROUPS) {
    const lines = options.items.filter((item) => item.type === type).map((item) => renderItemLine({ item, style }));
    if (type === 'patch' && options.dependencyLine) {
      // Without a changeset behind the bumps the block is a bare indented list; as the first
      // bullet of the section prettier prints it as a top-level list (as changesets' files have it).
      const bare = lines.length === 0 && options.dependencyLine.startsWith('  - ');
      lines.push(bare ? options.dependencyLine.replace(/^ {2}/gm, '') : options.dependencyLine);
    }
    if (lines.length > 0) sections.push(`${group} ${label}\n\n${joinBullets(lines, style)}`);
  }
  if (options.packages && options.packages.length > 0) {
    const list = options.packages.map((pkg) => `- ${pkg.name}@${pkg.newVersion}`);
    sections.push(`${group} Packages\n\n${list.join('\n')}`);
  }
  return sections.join('\n\n');
}

/**
 * Bullets as prettier prints the list changesets writes: a bullet whose note has a blank line in
 * it is followed by a blank line; changelog-github's bullets (which it writes with blank lines
 * around them) are all separated by one.
 */
function joinBullets(lines: string[], style: ChangelogStyle): string {
  let out = '';
  lines.forEach((line, index) => {
    if (index > 0) out += style.kind === 'github' || (lines[index - 1] as string).includes('\n\n') ? '\n\n' : '\n';
    out += line;
  });
  return out;
}
