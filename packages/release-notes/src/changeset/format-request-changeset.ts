import { splitLines, UsageError, type Bump } from '@relctl/core';
import type { ChangesetRelease } from '../types.js';

/**
 * Options of {@link formatRequestChangeset}.
 *
 * @example
 * ```ts
 * formatRequestChangeset({ summary: 'Add CSV export', releases: [{ name: 'web-app', type: 'minor' }, { name: 'lib-a', type: 'patch' }] });
 * ```
 */
export interface FormatRequestChangesetOptions {
  /** The release note (markdown). Its first line is the changelog bullet. */
  summary: string;
  /** The bump. With `packageName`, or alone (relctl's repository form). Ignored when `releases` is given. */
  bump?: Bump;
  /**
   * The root `package.json` name, when the repository has a named one: the file then uses the
   * standard changesets form `"<name>": <bump>`. `null`/absent: relctl's form `bump: <bump>`.
   */
  packageName?: string | null;
  /** Monorepos: one line per package (standard changesets form). */
  releases?: ChangesetRelease[];
}

const BUMPS: readonly string[] = ['major', 'minor', 'patch', 'none'];

/**
 * Write the `.changeset/<id>.md` file of a new request (`relctl request new`).
 *
 * The format relctl writes:
 * - a repository with a root `package.json` that has a `name`: the standard changesets form, so
 *   `changeset status`/`changeset version` keep working —
 *   `---\n"<name>": minor\n---\n\n<note>\n`;
 * - a monorepo may name several packages (`releases`), still the standard form;
 * - a repository without a named `package.json` (a Java or PHP service): relctl's form
 *   `---\nbump: minor\n---\n\n<note>\n`, which bumps the repository version (a `VERSION` file or tags).
 *
 * `parseRequestChangeset` reads all of them back unchanged.
 *
 * @example
 * ```ts
 * formatRequestChangeset({ summary: 'Add CSV export', bump: 'minor', packageName: 'web-app' });
 * // '---\n"web-app": minor\n---\n\nAdd CSV export\n'
 * formatRequestChangeset({ summary: 'Fix invoice rounding', bump: 'patch' });
 * // '---\nbump: patch\n---\n\nFix invoice rounding\n'
 * ```
 */
export function formatRequestChangeset(options: FormatRequestChangesetOptions): string {
  const { summary, bump, packageName, releases } = options;
  if (typeof summary !== 'string') {
    throw new UsageError('the release note must be text; pass it with --note "<what changed>"', {});
  }
  let front: string[];
  if (releases !== undefined) {
    const seen = new Set<string>();
    front = releases.map((release) => {
      checkBump(release.type);
      checkName(release.name);
      if (seen.has(release.name)) {
        throw new UsageError(`package "${release.name}" is named twice; name each package once`, { name: release.name });
      }
      seen.add(release.name);
      return `${JSON.stringify(release.name)}: ${release.type}`;
    });
  } else {
    const type = checkBump(bump);
    if (packageName !== undefined && packageName !== null) {
      checkName(packageName);
      front = [`${JSON.stringify(packageName)}: ${type}`];
    } else {
      front = [`bump: ${type}`];
    }
  }
  const note = splitLines(summary).join('\n').trim();
  return `---\n${front.join('\n')}\n---\n${note === '' ? '' : `\n${note}\n`}`;
}

function checkBump(bump: unknown): Bump {
  if (typeof bump !== 'string' || !BUMPS.includes(bump)) {
    throw new UsageError(`${JSON.stringify(bump) ?? String(bump)} is not a bump; use major, minor, patch or none`, {
      bump: typeof bump === 'string' ? bump : null,
    });
  }
  return bump as Bump;
}

function checkName(name: unknown): void {
  // eslint-disable-next-line no-control-regex
  if (typeof name !== 'string' || name.trim() === '' || /[\u0000-\u001f\u007f]/.test(name) || name.length > 214) {
    throw new UsageError(`${JSON.stringify(name) ?? String(name)} is not a package name; use the "name" of a package.json`, {
      name: typeof name === 'string' ? name : null,
    });
  }
}
