import type { PackageJson, RepositoryKind } from '../types.js';

/**
 * Options of {@link repositoryKind}.
 *
 * @example
 * ```ts
 * repositoryKind({ root: { name: 'web-app', version: '1.3.0' } }); // 'single'
 * ```
 */
export interface RepositoryKindOptions {
  /** The root `package.json`, or `null` when the repository has none. */
  root: PackageJson | null;
}

/**
 * How a repository is versioned, from its root `package.json`: `workspaces` when it has a
 * `workspaces` field, `single` when it has a `name`, else `repository` (a `VERSION` file or tags).
 *
 * @example
 * ```ts
 * repositoryKind({ root: { name: 'web-app', private: true } }); // 'single'
 * repositoryKind({ root: null }); // 'repository'
 * ```
 */
export function repositoryKind(options: RepositoryKindOptions): RepositoryKind {
  const root = options.root;
  if (root === null || typeof root !== 'object') return 'repository';
  const workspaces = root.workspaces;
  if (Array.isArray(workspaces) || (typeof workspaces === 'object' && workspaces !== null)) return 'workspaces';
  return typeof root.name === 'string' && root.name.trim() !== '' ? 'single' : 'repository';
}
