import type { Sha } from '@relctl/core';

/**
 * Options of {@link renderDependencyReleaseLine}.
 *
 * @example
 * ```ts
 * renderDependencyReleaseLine({ changesets: [{ sha: '1a2b3c4d…' }], dependencies: [{ name: 'lib-a', newVersion: '1.1.0' }] });
 * ```
 */
export interface RenderDependencyReleaseLineOptions {
  /** The changesets (requests) behind the dependency bumps, with their SHAs when known. */
  changesets: Array<{ sha?: Sha }>;
  /** The released dependencies and their new versions. */
  dependencies: Array<{ name: string; newVersion: string }>;
}

/**
 * The "Updated dependencies" bullet of a package's changelog entry, in the format of
 * `@changesets/changelog-git`'s `getDependencyReleaseLine`: one `- Updated dependencies [sha7]`
 * line per changeset (identical lines once; a bare `- Updated dependencies` when no changeset is
 * known), then `  - <name>@<version>` per dependency. Empty when no dependency was updated.
 *
 * @example
 * ```ts
 * renderDependencyReleaseLine({ changesets: [{ sha: '1a2b3c4d…' }], dependencies: [{ name: 'lib-a', newVersion: '1.1.0' }] });
 * // '- Updated dependencies [1a2b3c4]\n  - lib-a@1.1.0'
 * ```
 */
export function renderDependencyReleaseLine(options: RenderDependencyReleaseLineOptions): string {
  if (options.dependencies.length === 0) return '';
  // Exactly changelog-git: one line per changeset (none when no changeset is behind the bumps).
  const heads = options.changesets.map((changeset) => (changeset.sha ? `- Updated dependencies [${changeset.sha.slice(0, 7)}]` : '- Updated dependencies'));
  const list = options.dependencies.map((dependency) => `  - ${dependency.name}@${dependency.newVersion}`);
  return [...heads, ...list].join('\n');
}
