import { posix } from 'node:path';
import semver from 'semver';
import type { Bump } from '@relctl/core';
import type { DependencyRangeUpdate, PackageJson } from '../types.js';

/**
 * A package version change, as {@link updateDependencyRanges} needs it.
 *
 * @example
 * ```ts
 * const change: VersionChange = { name: 'lib-a', dir: 'packages/lib-a', type: 'minor', oldVersion: '1.0.0', newVersion: '1.1.0' };
 * ```
 */
export interface VersionChange {
  name: string;
  /** Folder relative to the repository root. */
  dir: string;
  type: Bump;
  oldVersion: string;
  newVersion: string;
}

/**
 * Options of {@link updateDependencyRanges}.
 *
 * @example
 * ```ts
 * updateDependencyRanges({ packageJson, releases, updateInternalDependencies: 'minor', onlyUpdatePeerDependentsWhenOutOfRange: true, bumpVersionsWithWorkspaceProtocolOnly: false });
 * ```
 */
export interface UpdateDependencyRangesOptions {
  /** The dependent package's `package.json` as it is before the release. */
  packageJson: PackageJson;
  /** Every package version change of the release. */
  releases: VersionChange[];
  /** changesets' `updateInternalDependencies` (default `patch`). */
  updateInternalDependencies: 'patch' | 'minor';
  /** changesets' experimental `onlyUpdatePeerDependentsWhenOutOfRange` (default `false`). */
  onlyUpdatePeerDependentsWhenOutOfRange: boolean;
  /** changesets' `bumpVersionsWithWorkspaceProtocolOnly` (default `false`). */
  bumpVersionsWithWorkspaceProtocolOnly: boolean;
}

const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const LEVEL: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * What {@link updateDependencyRanges} finds for one dependent package.
 *
 * @example
 * ```ts
 * const { ranges, updated }: DependencyRangeChanges = updateDependencyRanges(options);
 * // ranges: [{ field: 'dependencies', name: 'lib-a', from: '^1.0.0', to: '^1.1.0' }], updated: ['lib-a']
 * ```
 */
export interface DependencyRangeChanges {
  /** Ranges to rewrite in the `package.json`. */
  ranges: DependencyRangeUpdate[];
  /**
   * Released packages this one depends on (`dependencies`/`peerDependencies`) that changesets
   * lists under "Updated dependencies" in this package's changelog entry.
   */
  updated: string[];
}

/**
 * The dependency ranges a release rewrites in one dependent `package.json`, with the rules of
 * `@changesets/apply-release-plan` 7 (`versionPackage`): a range that the new version leaves is
 * always updated; one it still satisfies is updated when the dependency's bump reaches
 * `updateInternalDependencies`; the range's operator (`^`, `~`, `>=`, …) and a `workspace:`
 * prefix are kept; `file:`, `link:`, `*` and non-semver ranges are left alone.
 *
 * @example
 * ```ts
 * updateDependencyRanges({
 *   packageJson: { name: 'app', version: '1.0.0', dependencies: { 'lib-a': '^1.0.0' } },
 *   releases: [{ name: 'lib-a', dir: 'packages/lib-a', type: 'minor', oldVersion: '1.0.0', newVersion: '1.1.0' }],
 *   updateInternalDependencies: 'patch',
 *   onlyUpdatePeerDependentsWhenOutOfRange: false,
 *   bumpVersionsWithWorkspaceProtocolOnly: false,
 * });
 * // { ranges: [{ field: 'dependencies', name: 'lib-a', from: '^1.0.0', to: '^1.1.0' }], updated: ['lib-a'] }
 * ```
 */
export function updateDependencyRanges(options: UpdateDependencyRangesOptions): DependencyRangeChanges {
  const updates: DependencyRangeUpdate[] = [];
  for (const field of FIELDS) {
    const deps = options.packageJson[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const release of options.releases) {
      const current = Object.hasOwn(deps, release.name) ? deps[release.name] : undefined;
      if (typeof current !== 'string' || current === '' || current.startsWith('file:') || current.startsWith('link:')) {
        continue;
      }
      if (!shouldUpdateDependency({ release, range: current, field, options })) continue;
      const workspace = current.startsWith('workspace:');
      let range = current;
      if (!workspace && (options.bumpVersionsWithWorkspaceProtocolOnly || semver.validRange(range) === null)) continue;
      if (workspace) {
        range = current.slice('workspace:'.length);
        if (range === '*' || range === '^' || range === '~' || semver.validRange(range) === null) continue;
      }
      if (new semver.Range(range).range !== '' || semver.prerelease(release.newVersion) !== null) {
        const next = `${workspace ? 'workspace:' : ''}${rangeOperator(range)}${release.newVersion}`;
        if (next !== current) updates.push({ field, name: release.name, from: current, to: next });
      }
    }
  }
  // getChangelogEntry of apply-release-plan: the range of `dependencies`, else `peerDependencies`.
  const updated = options.releases
    .filter((release) => {
      const fromDependencies = ownRange(options.packageJson.dependencies, release.name);
      const range = fromDependencies ?? ownRange(options.packageJson.peerDependencies, release.name);
      if (range === undefined) return false;
      if (!range.startsWith('workspace:') && semver.validRange(range) === null) return false;
      const field = fromDependencies === undefined ? 'peerDependencies' : 'dependencies';
      return shouldUpdateDependency({ release, range, field, options });
    })
    .map((release) => release.name);
  return { ranges: updates, updated };
}

function ownRange(deps: Record<string, string> | undefined, name: string): string | undefined {
  if (!deps || typeof deps !== 'object' || !Object.hasOwn(deps, name)) return undefined;
  const range = deps[name];
  return typeof range === 'string' && range !== '' ? range : undefined;
}

/** `shouldUpdateDependencyBasedOnConfig` of apply-release-plan, with repository-relative folders. */
function shouldUpdateDependency(input: { release: VersionChange; range: string; field: (typeof FIELDS)[number]; options: UpdateDependencyRangesOptions }): boolean {
  const { release, field, options } = input;
  let range = input.range;
  if (range.startsWith('workspace:')) {
    range = range.slice('workspace:'.length);
    if (range === '*') return true;
    if (range === '^' || range === '~') {
      range = `${range}${release.oldVersion}`;
    } else if (semver.validRange(range) === null) {
      return posix.normalize(range) === posix.normalize(release.dir === '' ? '.' : release.dir);
    }
  }
  if (!semver.satisfies(release.newVersion, range)) return true;
  if (field === 'peerDependencies') return !options.onlyUpdatePeerDependentsWhenOutOfRange;
  return LEVEL[release.type] >= LEVEL[options.updateInternalDependencies];
}

/** `@changesets/get-version-range-type`: the operator a range starts with. */
function rangeOperator(range: string): string {
  if (range.startsWith('^')) return '^';
  if (range.startsWith('~')) return '~';
  if (range.startsWith('>=')) return '>=';
  if (range.startsWith('<=')) return '<=';
  if (range.startsWith('>')) return '>';
  return '';
}
