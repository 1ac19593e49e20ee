import type { DependencyRangeUpdate } from '../types.js';
import { parsePackageJson } from './parse-package-json.js';

/**
 * Options of {@link bumpPackageJson}.
 *
 * @example
 * ```ts
 * bumpPackageJson({ text, path: 'packages/app/package.json', ranges: [{ field: 'dependencies', name: 'lib-a', from: '^1.0.0', to: '^1.1.0' }] });
 * ```
 */
export interface BumpPackageJsonOptions {
  /** The file's current text. */
  text: string;
  /** Where the file is, for messages (e.g. `packages/lib-a/package.json`). */
  path: string;
  /** The new `version`; absent: keep it. A file without `version` gets one after `name`. */
  version?: string;
  /** Dependency ranges to rewrite. */
  ranges?: DependencyRangeUpdate[];
  /**
   * Print the file again even when nothing changes, as `changeset version` prints the
   * `package.json` of every package in its release plan (a file in another style comes out in
   * the printed style).
   */
  reprint?: boolean;
}

/**
 * Rewrite a `package.json` the way `@changesets/apply-release-plan` does — parse, change
 * `version` and dependency ranges, print with the file's own indentation (two spaces when it has
 * none) and its final newline — and keep CRLF line ends. Returns the text unchanged when nothing
 * changes.
 *
 * @example
 * ```ts
 * bumpPackageJson({ text: '{\n    "name": "web-app",\n    "version": "1.3.0"\n}\n', path: 'package.json', version: '1.4.0' });
 * // '{\n    "name": "web-app",\n    "version": "1.4.0"\n}\n'
 * ```
 */
export function bumpPackageJson(options: BumpPackageJsonOptions): string {
  const { text, path } = options;
  let data: Record<string, unknown> = parsePackageJson({ text, path });
  let changed = false;
  if (options.version !== undefined && data.version !== options.version) {
    changed = true;
    if ('version' in data || !('name' in data)) {
      data.version = options.version;
    } else {
      const entries = Object.entries(data).flatMap(([key, value]): Array<[string, unknown]> =>
        key === 'name'
          ? [
              [key, value],
              ['version', options.version],
            ]
          : [[key, value]],
      );
      data = Object.fromEntries(entries);
    }
  }
  for (const update of options.ranges ?? []) {
    const deps = data[update.field];
    if (typeof deps === 'object' && deps !== null && (deps as Record<string, unknown>)[update.name] !== update.to) {
      (deps as Record<string, unknown>)[update.name] = update.to;
      changed = true;
    }
  }
  if (!changed && !options.reprint) return text;
  const crlf = text.includes('\r\n');
  let printed = JSON.stringify(data, null, detectIndent(text) || '  ');
  if (/\r?\n$/.test(text)) printed += '\n';
  return crlf ? printed.replace(/\n/g, '\r\n') : printed;
}

/** The leading whitespace of the first indented line (detect-indent's answer for JSON files). */
function detectIndent(text: string): string {
  for (const line of text.split('\n')) {
    let end = 0;
    while (end < line.length && (line[end] === ' ' || line[end] === '\t')) end += 1;
    if (end > 0 && end < line.trimEnd().length) return line.slice(0, end);
  }
  return '';
}
