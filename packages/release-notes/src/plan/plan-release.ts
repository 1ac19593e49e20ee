import assembleReleasePlan from '@changesets/assemble-release-plan';
import { parse as parseChangesetsConfig } from '@changesets/config';
import type { Config, NewChangeset, PackageJSON } from '@changesets/types';
import semver from 'semver';
import { ConfigError, StateError, type Bump } from '@relctl/core';
import type {
  PackageRelease,
  ParsedChangeset,
  ReleasePlanResult,
  RepositoryKind,
  TreePackage,
} from '../types.js';
import { highestBump } from './highest-bump.js';
import { repositoryKind } from './repository-kind.js';
import { updateDependencyRanges, type VersionChange } from './update-dependency-ranges.js';

/**
 * Options of {@link planRelease}.
 *
 * @example
 * ```ts
 * const plan = planRelease({ changesets, packages: context.packages, currentVersion: context.currentVersion, changesetConfig: context.changesetConfig });
 * ```
 */
export interface PlanReleaseOptions {
  /** The changesets of exactly the requests to release, in release order. */
  changesets: ParsedChangeset[];
  /**
   * The `package.json` files of the tree: the root one (`dir: ''`) when present, and, when its
   * `workspaces` field is set, the workspace packages. Empty for a repository without one.
   */
  packages: TreePackage[];
  /**
   * The repository version before the release: the root `package.json` version (single
   * package), else a `VERSION` file, else the highest release tag, else `0.0.0`.
   */
  currentVersion: string;
  /** The parsed `.changeset/config.json`, when the tree has one (`fixed`, `linked`, `ignore`, …). */
  changesetConfig?: unknown;
}

type AssemblePackages = Parameters<typeof assembleReleasePlan>[1];

/**
 * Plan a release of exactly the given changesets — no IO. The repository version is
 * `currentVersion` bumped by the highest bump of the changesets (`none`: unchanged). When the
 * repository has packages, package versions come from `@changesets/assemble-release-plan`,
 * given only these changesets, so dependents are bumped exactly as `changeset version` bumps
 * them, and the dependency ranges to rewrite follow `@changesets/apply-release-plan`.
 *
 * A relctl-form changeset (`bump: minor`) bumps the root package of a single-package repository
 * and only the repository version of a monorepo.
 *
 * @example
 * ```ts
 * const plan = planRelease({
 *   changesets: [parseRequestChangeset({ id: 'A', text: '---\n"web-app": minor\n---\n\nAdd CSV export\n' })],
 *   packages: [{ dir: '', packageJson: { name: 'web-app', version: '1.3.0', private: true }, text: '…' }],
 *   currentVersion: '1.3.0',
 * });
 * // plan.version === '1.4.0', plan.packages[0].newVersion === '1.4.0'
 * ```
 */
export function planRelease(options: PlanReleaseOptions): ReleasePlanResult {
  const { changesets, packages, currentVersion } = options;
  if (semver.valid(currentVersion) === null) {
    throw new StateError(`the current version ${JSON.stringify(currentVersion)} is not semver; set it to x.y.z`, {
      version: String(currentVersion),
    });
  }
  const root = packages.find((pkg) => pkg.dir === '') ?? null;
  const kind: RepositoryKind = repositoryKind({ root: root?.packageJson ?? null });
  const bump = highestBump(changesets.map((changeset) => changeset.bump));
  const bumped = bumpVersion(currentVersion, bump);
  const base = { kind, previousVersion: currentVersion, bump, changesets };

  if (kind === 'repository') return { ...base, version: bumped, packages: [] };

  const rootName = root?.packageJson.name as string;
  if (kind === 'single') {
    const rootPackage: TreePackage = { ...(root as TreePackage), packageJson: { ...root?.packageJson, version: currentVersion } };
    const forAssemble = changesets.map((changeset) => {
      if (changeset.form === 'repository') return toNewChangeset(changeset, [{ name: rootName, type: changeset.bump }]);
      for (const release of changeset.releases) {
        if (release.name !== rootName) {
          throw new StateError(
            `.changeset/${changeset.id}.md names package "${release.name}", but this repository's package.json is "${rootName}"; rename it to "${rootName}"`,
            { id: changeset.id, name: release.name, expected: rootName },
          );
        }
      }
      return toNewChangeset(changeset, changeset.releases);
    });
    const releases = assemble(forAssemble, [rootPackage], rootPackage, 'root', options.changesetConfig);
    return { ...base, version: bumped, packages: releases };
  }

  const workspaces = packages.filter((pkg) => pkg.dir !== '');
  const byName = new Map<string, TreePackage>();
  for (const pkg of workspaces) {
    const name = pkg.packageJson.name;
    if (typeof name !== 'string' || name === '') {
      throw new StateError(`${pkg.dir}/package.json has no "name"; give every workspace package a name`, { dir: pkg.dir });
    }
    const twin = byName.get(name);
    if (twin) {
      throw new StateError(`packages ${twin.dir} and ${pkg.dir} are both named "${name}"; rename one`, {
        name,
        dirs: [twin.dir, pkg.dir],
      });
    }
    byName.set(name, pkg);
  }
  const forAssemble: NewChangeset[] = [];
  for (const changeset of changesets) {
    if (changeset.form === 'repository') continue;
    const releases = changeset.releases.filter((release) => release.name !== rootName || byName.has(rootName));
    for (const release of releases) {
      const pkg = byName.get(release.name);
      if (!pkg) {
        throw new StateError(
          `.changeset/${changeset.id}.md names package "${release.name}", which is not a workspace package; use one of ${[...byName.keys()].map((name) => `"${name}"`).join(', ') || '(none)'}`,
          { id: changeset.id, name: release.name },
        );
      }
      if (semver.valid(pkg.packageJson.version ?? '') === null) {
        throw new StateError(
          `${pkg.dir}/package.json has no valid "version" but .changeset/${changeset.id}.md bumps it; set "version": "0.0.0"`,
          { id: changeset.id, dir: pkg.dir },
        );
      }
    }
    if (releases.length > 0) forAssemble.push(toNewChangeset(changeset, releases));
  }
  const versioned = workspaces.filter((pkg) => semver.valid(pkg.packageJson.version ?? '') !== null);
  const releases = assemble(forAssemble, versioned, root as TreePackage, 'npm', options.changesetConfig);
  return { ...base, version: bumped, packages: releases };
}

function bumpVersion(version: string, bump: Bump): string {
  if (bump === 'none') return version;
  return semver.inc(version, bump) as string;
}

function toNewChangeset(changeset: ParsedChangeset, releases: NewChangeset['releases']): NewChangeset {
  return { id: changeset.id, summary: changeset.summary, releases };
}

/** Run assemble-release-plan over tree packages and add the dependency-range rewrites. */
function assemble(
  changesets: NewChangeset[],
  packages: TreePackage[],
  root: TreePackage,
  tool: 'root' | 'npm',
  writtenConfig: unknown,
): PackageRelease[] {
  const toManypkg = (pkg: TreePackage) => ({ dir: `/${pkg.dir}`, packageJson: pkg.packageJson as PackageJSON });
  const input = { tool, root: toManypkg(root), packages: packages.map(toManypkg) } as unknown as AssemblePackages;
  let config: Config;
  try {
    config = parseChangesetsConfig((writtenConfig ?? {}) as Parameters<typeof parseChangesetsConfig>[0], input);
  } catch (error) {
    throw new ConfigError(`.changeset/config.json is invalid: ${oneLine(error)}; fix it or remove it`, {
      path: '.changeset/config.json',
      reason: oneLine(error),
    });
  }
  let plan: ReturnType<typeof assembleReleasePlan>;
  try {
    plan = assembleReleasePlan(changesets, input, config, undefined);
  } catch (error) {
    throw new StateError(`the changesets cannot be released: ${oneLine(error)}; fix the changeset files`, {
      reason: oneLine(error),
    });
  }
  const dirOf = new Map(packages.map((pkg) => [pkg.packageJson.name as string, pkg]));
  const changes: VersionChange[] = plan.releases.map((release) => ({
    name: release.name,
    dir: dirOf.get(release.name)?.dir ?? '',
    type: release.type,
    oldVersion: release.oldVersion,
    newVersion: release.newVersion,
  }));
  const rangeRules = {
    updateInternalDependencies: config.updateInternalDependencies,
    onlyUpdatePeerDependentsWhenOutOfRange:
      config.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH.onlyUpdatePeerDependentsWhenOutOfRange,
    bumpVersionsWithWorkspaceProtocolOnly: config.bumpVersionsWithWorkspaceProtocolOnly === true,
  };
  const releasedBy = new Map(plan.releases.map((release) => [release.name, release]));
  return plan.releases.map((release, index) => {
    const pkg = dirOf.get(release.name) as TreePackage;
    const { ranges: dependencyUpdates, updated } = updateDependencyRanges({
      packageJson: pkg.packageJson,
      releases: changes,
      ...rangeRules,
    });
    const updatedDependencies = updated.map((name) => {
      const dependency = releasedBy.get(name);
      return { name, newVersion: dependency?.newVersion ?? '', changesets: dependency?.changesets ?? [] };
    });
    return {
      name: release.name,
      dir: (changes[index] as VersionChange).dir,
      type: release.type,
      oldVersion: release.oldVersion,
      newVersion: release.newVersion,
      changesets: release.changesets,
      dependencyUpdates,
      updatedDependencies,
    };
  });
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
