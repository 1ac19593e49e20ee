import assembleReleasePlan from '@changesets/assemble-release-plan';
import { parse as parseChangesetsConfig } from '@changesets/config';
import type { Config, NewChangeset, PackageJSON } from '@changesets/types';
import semver from 'semver';
import { ConfigError, StateError, type Bump } from '@relctl/core';
import type { KeptChangeset, PackageRelease, ParsedChangeset, ReleasePlanResult, RepositoryKind, TreePackage } from '../types.js';
import { highestBump } from './highest-bump.js';
import { packageReleases } from './package-releases.js';
import { repositoryKind } from './repository-kind.js';

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
  /**
   * How the repository is versioned, when the caller knows more than the root `package.json`
   * says (a pnpm workspace has no `workspaces` field). Default: `repositoryKind` of the root.
   */
  kind?: RepositoryKind;
  /** The parsed `.changeset/pre.json`, when the tree has one: changesets' pre-release mode, which relctl refuses. */
  preState?: unknown;
}

type AssemblePackages = Parameters<typeof assembleReleasePlan>[1];

/**
 * Plan a release of exactly the given changesets — no IO. The repository version is
 * `currentVersion` bumped by the highest bump of the changesets (`none`: unchanged). When the
 * repository has packages, package versions come from `@changesets/assemble-release-plan`,
 * given only these changesets, so dependents are bumped exactly as `changeset version` bumps
 * them, and the dependency ranges to rewrite follow `@changesets/apply-release-plan`.
 *
 * Changesets are read as `changeset version` reads them: one naming only packages the config
 * leaves out (`ignore`, private packages with `privatePackages.version: false`) is kept for a
 * later release; one naming such a package together with others is refused; one naming the
 * monorepo root or an unknown package is refused. One naming only packages without a `version`
 * (a private app) bumps the repository version alone (changesets would keep it; relctl ships it —
 * a deliberate difference). A relctl-form changeset (`bump: minor`) bumps the root package of a
 * single-package repository when changesets versions it, and otherwise the repository version
 * alone. `.changeset/pre.json` (pre-release mode) is refused.
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
  if (options.preState !== undefined) refusePreMode(options.preState);
  const root = packages.find((pkg) => pkg.dir === '') ?? null;
  const kind: RepositoryKind = options.kind ?? repositoryKind({ root: root?.packageJson ?? null });
  const result = (consumed: ParsedChangeset[], kept: KeptChangeset[], releases: PackageRelease[]): ReleasePlanResult => {
    const bump = highestBump(consumed.map((changeset) => changeset.bump));
    return { kind, previousVersion: currentVersion, version: bumpVersion(currentVersion, bump), bump, changesets: consumed, kept, packages: releases };
  };
  if (kind === 'repository' || root === null) return result(changesets, [], []);

  const rootName = root.packageJson.name as string;
  const members = kind === 'single' ? [root] : namedWorkspaces(packages);
  const byName = new Map(members.map((pkg) => [pkg.packageJson.name as string, pkg]));
  const toManypkg = (pkg: TreePackage) => ({ dir: `/${pkg.dir}`, packageJson: pkg.packageJson as PackageJSON });
  const input = {
    tool: kind === 'single' ? 'root' : 'npm',
    root: toManypkg(root),
    packages: members.map(toManypkg),
  } as unknown as AssemblePackages;
  const config = parseConfig(options.changesetConfig, input);

  const consumed: ParsedChangeset[] = [];
  const kept: KeptChangeset[] = [];
  const forAssemble: NewChangeset[] = [];
  for (const changeset of changesets) {
    if (changeset.form === 'repository') {
      // relctl's own form: the repository version, and the root package of a single package when
      // changesets versions it.
      consumed.push(changeset);
      if (kind === 'single' && skipOf(root, config) === null) {
        forAssemble.push(toNewChangeset(changeset, [{ name: rootName, type: changeset.bump }]));
      }
      continue;
    }
    const skips = changeset.releases.map((release) => {
      const pkg = byName.get(release.name);
      if (!pkg) throw notInWorkspace({ changeset, name: release.name, kind, rootName, names: [...byName.keys()] });
      return { name: release.name, skip: skipOf(pkg, config) };
    });
    const skipped = skips.filter((entry) => entry.skip !== null);
    if (skipped.length > 0 && skipped.length < skips.length) {
      // changesets refuses these ("mixed changeset"): one file cannot be both released and kept.
      const names = (list: typeof skips) => list.map((entry) => `"${entry.name}"`).join(', ');
      throw new StateError(
        `.changeset/${changeset.id}.md names ${names(skipped)}, which changesets does not version here, together with ${names(skips.filter((entry) => entry.skip === null))}; split it into two changesets, as changesets requires`,
        { id: changeset.id, skipped: skipped.map((entry) => entry.name) },
      );
    }
    const configured = skipped.find((entry) => entry.skip === 'ignored' || entry.skip === 'private');
    if (configured) {
      // Kept for a later release, as `changeset version` keeps it.
      kept.push({ id: changeset.id, packages: skips.map((entry) => entry.name), reason: configured.skip as KeptChangeset['reason'] });
      continue;
    }
    consumed.push(changeset);
    // Only packages without a version: their releases are the repository's (see the guide).
    if (skipped.length === 0 && skips.length > 0) forAssemble.push(toNewChangeset(changeset, changeset.releases));
  }
  let plan: ReturnType<typeof assembleReleasePlan>;
  try {
    plan = assembleReleasePlan(forAssemble, input, config, undefined);
  } catch (error) {
    throw new StateError(`the changesets cannot be released: ${oneLine(error)}; fix the changeset files`, {
      reason: oneLine(error),
    });
  }
  return result(consumed, kept, packageReleases({ releases: plan.releases as never, packages: members, config }));
}

type Skip = 'ignored' | 'private' | 'versionless' | null;

/** Why changesets leaves a package out of versioning (`shouldSkipPackage`), or `null`. */
function skipOf(pkg: TreePackage, config: Config): Skip {
  const { name, version, private: isPrivate } = pkg.packageJson;
  if (config.ignore.includes(name as string)) return 'ignored';
  if (isPrivate && !config.privatePackages.version) return 'private';
  if (version === undefined || version === null || version === '') return 'versionless';
  if (typeof version !== 'string' || semver.valid(version) === null) {
    throw new StateError(`${pkg.dir === '' ? '' : `${pkg.dir}/`}package.json has "version": ${JSON.stringify(version)}, which is not x.y.z; fix it`, {
      dir: pkg.dir,
    });
  }
  return null;
}

function namedWorkspaces(packages: TreePackage[]): TreePackage[] {
  const workspaces = packages.filter((pkg) => pkg.dir !== '');
  const seen = new Map<string, TreePackage>();
  for (const pkg of workspaces) {
    const name = pkg.packageJson.name;
    if (typeof name !== 'string' || name === '') {
      throw new StateError(`${pkg.dir}/package.json has no "name"; give every workspace package a name`, { dir: pkg.dir });
    }
    const twin = seen.get(name);
    if (twin) {
      throw new StateError(`packages ${twin.dir} and ${pkg.dir} are both named "${name}"; rename one`, { name, dirs: [twin.dir, pkg.dir] });
    }
    seen.set(name, pkg);
  }
  return workspaces;
}

function notInWorkspace(input: { changeset: ParsedChangeset; name: string; kind: RepositoryKind; rootName: string; names: string[] }): StateError {
  const { changeset, name, kind, rootName, names } = input;
  const data = { id: changeset.id, name };
  if (kind === 'single') {
    return new StateError(`.changeset/${changeset.id}.md names package "${name}", but this repository's package.json is "${rootName}"; rename it to "${rootName}"`, {
      ...data,
      expected: rootName,
    });
  }
  const list = names.map((entry) => `"${entry}"`).join(', ') || '(none)';
  if (name === rootName) {
    return new StateError(
      `.changeset/${changeset.id}.md names "${name}", the monorepo's root package.json, which is not a workspace package (changesets refuses it too); name the workspace packages it changes: ${list}`,
      data,
    );
  }
  return new StateError(`.changeset/${changeset.id}.md names package "${name}", which is not a workspace package; use one of ${list}`, data);
}

function refusePreMode(preState: unknown): never {
  const state = (typeof preState === 'object' && preState !== null ? preState : {}) as { mode?: unknown; tag?: unknown };
  const mode = typeof state.mode === 'string' ? state.mode : 'unknown';
  const tag = typeof state.tag === 'string' ? state.tag : null;
  throw new StateError(
    `.changeset/pre.json puts this repository in changesets' pre-release mode (mode "${mode}"${tag === null ? '' : `, tag "${tag}"`}), which relctl does not release yet; finish it with \`changeset pre exit\` and \`changeset version\` on the production branch, or remove .changeset/pre.json`,
    { path: '.changeset/pre.json', mode, tag },
  );
}

function parseConfig(written: unknown, input: AssemblePackages): Config {
  try {
    return parseChangesetsConfig((written ?? {}) as Parameters<typeof parseChangesetsConfig>[0], input);
  } catch (error) {
    throw new ConfigError(`.changeset/config.json is invalid: ${oneLine(error)}; fix it or remove it`, {
      path: '.changeset/config.json',
      reason: oneLine(error),
    });
  }
}

function bumpVersion(version: string, bump: Bump): string {
  if (bump === 'none') return version;
  return semver.inc(version, bump) as string;
}

function toNewChangeset(changeset: ParsedChangeset, releases: NewChangeset['releases']): NewChangeset {
  return { id: changeset.id, summary: changeset.summary, releases };
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
