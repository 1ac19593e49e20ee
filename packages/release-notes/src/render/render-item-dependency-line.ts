import type { Sha } from '@relctl/core';
import type { ChangelogStyle } from '../types.js';
import { renderDependencyReleaseLine } from './render-dependency-release-line.js';

/**
 * Options of {@link renderItemDependencyLine}.
 *
 * @example
 * ```ts
 * renderItemDependencyLine({ style: { kind: 'git' }, changesets: [{ sha }], dependencies: [{ name: 'lib-a', newVersion: '1.1.0' }] });
 * ```
 */
export interface RenderItemDependencyLineOptions {
  style: ChangelogStyle;
  /** The changesets behind the dependency bumps, in release order. */
  changesets: Array<{ sha?: Sha | undefined }>;
  dependencies: Array<{ name: string; newVersion: string }>;
}

/**
 * The "Updated dependencies" bullet in the chosen style: changelog-git's
 * (`- Updated dependencies [1a2b3c4]`) or changelog-github's
 * (`- Updated dependencies [[`1a2b3c4`](…/commit/…)]:`), then one `  - name@version` per
 * dependency. Empty without dependencies.
 *
 * @example
 * ```ts
 * renderItemDependencyLine({ style: { kind: 'git' }, changesets: [{ sha: '1a2b3c4d…' }], dependencies: [{ name: 'lib-a', newVersion: '1.1.0' }] });
 * // '- Updated dependencies [1a2b3c4]\n  - lib-a@1.1.0'
 * ```
 */
export function renderItemDependencyLine(options: RenderItemDependencyLineOptions): string {
  const { style, changesets, dependencies } = options;
  if (dependencies.length === 0) return '';
  if (style.kind !== 'github') {
    return renderDependencyReleaseLine({ changesets: changesets.map((changeset) => (changeset.sha ? { sha: changeset.sha } : {})), dependencies });
  }
  const server = style.serverUrl.replace(/\/+$/, '');
  const links = changesets.flatMap((changeset) => (changeset.sha ? [`[\`${changeset.sha.slice(0, 7)}\`](${server}/${style.repository}/commit/${changeset.sha})`] : []));
  const list = dependencies.map((dependency) => `  - ${dependency.name}@${dependency.newVersion}`);
  return [`- Updated dependencies [${links.join(', ')}]:`, ...list].join('\n');
}
