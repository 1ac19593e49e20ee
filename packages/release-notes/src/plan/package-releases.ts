import type { Config } from '@changesets/types';
import type { Bump } from '@relctl/core';
import type { PackageRelease, TreePackage } from '../types.js';
import { updateDependencyRanges, type VersionChange } from './update-dependency-ranges.js';

/**
 * One release of `@changesets/assemble-release-plan`'s plan, as it gives it (`oldVersion` and
 * `newVersion` are absent for a package without a version).
 *
 * @example
 * ```ts
 * const release: AssembledRelease = { name: 'lib-a', type: 'minor', oldVersion: '1.0.0', newVersion: '1.1.0', changesets: ['A'] };
 * ```
 */
export interface AssembledRelease {
  name: string;
  type: Bump;
  oldVersion?: string | null;
  newVersion?: string | null;
  changesets: string[];
}

/**
 * Options of {@link packageReleases}.
 *
 * @example
 * ```ts
 * packageReleases({ releases: plan.releases, packages, config });
 * ```
 */
export interface PackageReleasesOptions {
  /** The releases of an assembled plan, in its order. */
  releases: AssembledRelease[];
  /** The tree's packages (the root one too, for a single package). */
  packages: TreePackage[];
  /** The parsed changesets config (`updateInternalDependencies`, …). */
  config: Pick<Config, 'updateInternalDependencies' | 'bumpVersionsWithWorkspaceProtocolOnly' | '___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH'>;
}

/**
 * What `@changesets/apply-release-plan` does with each release of a plan, as data: the version
 * change, the dependency ranges it rewrites in the package's `package.json`, and the released
 * dependencies its changelog lists under "Updated dependencies" — in the plan's order, as
 * `applyReleasePlan` lists them.
 *
 * @example
 * ```ts
 * const releases = packageReleases({ releases: assembled.releases, packages, config });
 * // [{ name: 'lib-b', type: 'patch', oldVersion: '1.0.0', newVersion: '1.0.1', dependencyUpdates: [...], updatedDependencies: [...] }]
 * ```
 */
export function packageReleases(options: PackageReleasesOptions): PackageRelease[] {
  const { releases, packages, config } = options;
  const byName = new Map(packages.map((pkg) => [pkg.packageJson.name as string, pkg]));
  const changes: VersionChange[] = releases.map((release) => ({
    name: release.name,
    dir: byName.get(release.name)?.dir ?? '',
    type: release.type,
    oldVersion: release.oldVersion ?? '',
    newVersion: release.newVersion ?? '',
  }));
  const rangeRules = {
    updateInternalDependencies: config.updateInternalDependencies,
    onlyUpdatePeerDependentsWhenOutOfRange: config.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH?.onlyUpdatePeerDependentsWhenOutOfRange === true,
    bumpVersionsWithWorkspaceProtocolOnly: config.bumpVersionsWithWorkspaceProtocolOnly === true,
  };
  // A package without a version has nothing to point a range at (apply-release-plan would write
  // "^undefined"), so only versioned packages are matched against dependency ranges.
  const versioned = changes.filter((change) => change.newVersion !== '');
  const releasedBy = new Map(releases.map((release) => [release.name, release]));
  return releases.map((release, index) => {
    const pkg = byName.get(release.name);
    const { ranges: dependencyUpdates, updated } = pkg ? updateDependencyRanges({ packageJson: pkg.packageJson, releases: versioned, ...rangeRules }) : { ranges: [], updated: [] };
    const updatedDependencies = updated.map((name) => {
      const dependency = releasedBy.get(name);
      return { name, newVersion: dependency?.newVersion ?? '', changesets: dependency?.changesets ?? [] };
    });
    return {
      name: release.name,
      dir: (changes[index] as VersionChange).dir,
      type: release.type,
      oldVersion: release.oldVersion ?? null,
      newVersion: release.newVersion ?? null,
      changesets: [...release.changesets],
      dependencyUpdates,
      updatedDependencies,
    };
  });
}
