/**
 * Options of {@link prependChangelog}.
 *
 * @example
 * ```ts
 * const changelog = prependChangelog({ existing: null, entry: '## 1.0.0\n\n- A: First release', title: 'web-app' });
 * ```
 */
export interface PrependChangelogOptions {
  /** The current `CHANGELOG.md` text, or `null` when there is none. */
  existing: string | null;
  /** The new entry (from `renderChangelogEntry`). */
  entry: string;
  /** Title of a new file: `# <title>` (changesets uses the package name). */
  title: string;
}

/**
 * Put a new entry at the top of a `CHANGELOG.md`, where `changeset version` puts it: below the
 * file's first line (its `# title`), or before everything when the file starts with a version
 * heading; a new or empty file gets `# <title>` first. A file with CRLF line ends keeps them.
 *
 * @example
 * ```ts
 * prependChangelog({ existing: '# web-app\n\n## 1.3.0\n\n- …\n', entry: '## 1.4.0\n\n- …', title: 'web-app' });
 * // '# web-app\n\n## 1.4.0\n\n- …\n\n## 1.3.0\n\n- …\n'
 * ```
 */
export function prependChangelog(options: PrependChangelogOptions): string {
  const original = options.existing ?? '';
  // A CRLF file stays CRLF: the entry is written with the file's own line ends.
  if (original.includes('\r\n')) {
    const text = prependChangelog({ ...options, existing: original.replace(/\r\n/g, '\n') });
    return text.replace(/\n/g, '\r\n');
  }
  const entry = options.entry.trim();
  const existing = original;
  if (existing.trim() === '') return `# ${options.title}\n\n${entry}\n`;
  if (/^#{1,6}\s+\d+\.\d+/.test(existing)) return `${entry}\n\n${existing}`;
  const newline = existing.indexOf('\n');
  if (newline === -1) return `${existing}\n\n${entry}\n`;
  const rest = existing.slice(newline + 1).replace(/^\n+/, '');
  return `${existing.slice(0, newline)}\n\n${entry}\n${rest === '' ? '' : `\n${rest}`}`;
}
