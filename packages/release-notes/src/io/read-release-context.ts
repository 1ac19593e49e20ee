import yaml from 'js-yaml';
import semver from 'semver';
import { ConfigError, StateError, type GitPort, type Sha } from '@relctl/core';
import type { PackageJson, RepositoryKind, TreePackage, VersionSource } from '../types.js';
import { bumpPackageJson } from '../edit/bump-package-json.js';
import { parsePackageJson } from '../edit/parse-package-json.js';
import { repositoryKind } from '../plan/repository-kind.js';
import { listWorkspaceDirs } from './list-workspace-dirs.js';
import { readText } from './read-text.js';

/**
 * Options of {@link readReleaseContext}.
 *
 * @example
 * ```ts
 * const context = await readReleaseContext({ git, commit: mainTip, tagPrefix: 'v' });
 * ```
 */
export interface ReadReleaseContextOptions {
  git: GitPort;
  /** The commit whose tree is read (the release branch tip). */
  commit: Sha;
  /** Prefix of release tags, e.g. `v`. */
  tagPrefix: string;
  /**
   * The commit whose version is the current one: the release branch before this release's merges
   * (see `findReleaseBase`). A version a merged request changed is put back to this commit's.
   * Default: `commit`.
   */
  versionCommit?: Sha;
}

/**
 * A version field a merged request changed, which the release put back to production's.
 *
 * @example
 * ```ts
 * const change: IgnoredVersionChange = { path: 'package.json', production: '1.0.0', merged: 'banana' };
 * ```
 */
export interface IgnoredVersionChange {
  /** `package.json`, a workspace package's `package.json`, or `VERSION`. */
  path: string;
  /** The value on the production branch (`null`: none). */
  production: string | null;
  /** The value after the merges (`null`: none). */
  merged: string | null;
}

/**
 * What a release needs to know about a repository, read from one commit and the tags.
 *
 * @example
 * ```ts
 * const context: ReleaseContext = await readReleaseContext({ git, commit: mainTip, tagPrefix: 'v' });
 * console.log(context.kind, context.currentVersion, context.latestTag); // 'single' '1.3.0' 'v1.3.0'
 * ```
 */
export interface ReleaseContext {
  commit: Sha;
  /** The commit's root tree. */
  tree: Sha;
  kind: RepositoryKind;
  /** The root `package.json` (`dir: ''`) when present, then workspace packages by folder. */
  packages: TreePackage[];
  /** The repository version now (`0.0.0` when nothing says). */
  currentVersion: string;
  versionSource: VersionSource;
  /** The root `VERSION` file's text, or `null`. */
  versionFile: string | null;
  /** The parsed `.changeset/config.json`, when present. */
  changesetConfig?: unknown;
  /** The parsed `.changeset/pre.json` (changesets' pre-release mode), when present. */
  preState?: unknown;
  /** The highest `<prefix>x.y.z` tag (short name), or `null`. */
  latestTag: string | null;
  /** Version fields the merged requests changed; their production values apply (see `versionCommit`). */
  ignoredVersionChanges: IgnoredVersionChange[];
  /** Files whose version field was put back (path → text with production's version): the release writes them. */
  restoredFiles: Record<string, string>;
}

/**
 * Read, through the git port only (never a checkout), what a release of `commit` starts from:
 * the root `package.json` and workspace packages (npm/yarn `workspaces`, else the `packages` of
 * `pnpm-workspace.yaml`, as changesets finds them), the `VERSION` file, `.changeset/config.json`,
 * `.changeset/pre.json` and the current version — the root `package.json` version (single package or monorepo root),
 * else the `VERSION` file (repository without packages), else the highest `<prefix>x.y.z` tag
 * (pre-release tags are ignored), else `0.0.0`. Version fields come from `versionCommit` (the
 * production branch before the merges): a merged request's change of one is put back and listed
 * in `ignoredVersionChanges`. A root `package.json` version that is not `x.y.z` is a `StateError`,
 * never a silent reset.
 *
 * @example
 * ```ts
 * const context = await readReleaseContext({ git, commit: mainTip, tagPrefix: 'v' });
 * // context.kind === 'single', context.currentVersion === '1.3.0'
 * ```
 */
export async function readReleaseContext(options: ReadReleaseContextOptions): Promise<ReleaseContext> {
  const { git, commit, tagPrefix } = options;
  const { tree } = await git.readCommit(commit);
  const base = options.versionCommit !== undefined && options.versionCommit !== commit ? (await git.readCommit(options.versionCommit)).tree : null;
  const ignoredVersionChanges: IgnoredVersionChange[] = [];
  const restoredFiles: Record<string, string> = {};
  /** A package.json with production's version when a merged request changed it. */
  const withProductionVersion = async (path: string, text: string, packageJson: PackageJson): Promise<{ text: string; packageJson: PackageJson }> => {
    if (base === null) return { text, packageJson };
    const baseText = await readText({ git, tree: base, path });
    if (baseText === null) return { text, packageJson };
    const production = versionOf(parsePackageJson({ text: baseText, path }).version);
    const merged = versionOf(packageJson.version);
    if (production === merged) return { text, packageJson };
    ignoredVersionChanges.push({ path, production, merged });
    if (production === null) {
      const { version: _dropped, ...rest } = packageJson;
      return { text, packageJson: rest };
    }
    const restored = bumpPackageJson({ text, path, version: production });
    restoredFiles[path] = restored;
    return { text: restored, packageJson: { ...packageJson, version: production } };
  };
  const packages: TreePackage[] = [];
  const rootText = await readText({ git, tree, path: 'package.json' });
  let root = rootText === null ? null : parsePackageJson({ text: rootText, path: 'package.json' });
  if (root && rootText !== null) {
    const restored = await withProductionVersion('package.json', rootText, root);
    root = restored.packageJson;
    packages.push({ dir: '', ...restored });
  }
  let kind = repositoryKind({ root });
  let patterns: string[] = [];
  if (kind === 'workspaces') {
    const field = root?.workspaces;
    patterns = Array.isArray(field) ? field : Array.isArray(field?.packages) ? field.packages : [];
  } else if (root !== null) {
    // A pnpm workspace declares its packages in pnpm-workspace.yaml, not in package.json.
    const pnpm = await readText({ git, tree, path: 'pnpm-workspace.yaml' });
    const listed = pnpm === null ? null : pnpmPackages(pnpm);
    if (listed !== null) {
      kind = 'workspaces';
      patterns = listed;
    }
  }
  if (kind === 'workspaces') {
    for (const dir of await listWorkspaceDirs({ git, tree, patterns })) {
      const path = `${dir}/package.json`;
      const text = (await readText({ git, tree, path })) as string;
      packages.push({ dir, ...(await withProductionVersion(path, text, parsePackageJson({ text, path }))) });
    }
  }

  let versionFile = await readText({ git, tree, path: 'VERSION' });
  if (base !== null) {
    const baseVersionFile = await readText({ git, tree: base, path: 'VERSION' });
    if (baseVersionFile !== null && baseVersionFile.trim() !== (versionFile ?? '').trim()) {
      ignoredVersionChanges.push({ path: 'VERSION', production: baseVersionFile.trim(), merged: versionFile === null ? null : versionFile.trim() });
      restoredFiles['VERSION'] = baseVersionFile;
      versionFile = baseVersionFile;
    }
  }
  const configText = await readText({ git, tree, path: '.changeset/config.json' });
  let changesetConfig: unknown;
  if (configText !== null) {
    try {
      changesetConfig = JSON.parse(configText);
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
      throw new ConfigError(`.changeset/config.json is not valid JSON (${reason}); fix it or remove it`, {
        path: '.changeset/config.json',
      });
    }
  }

  const preText = await readText({ git, tree, path: '.changeset/pre.json' });
  let preState: unknown;
  if (preText !== null) {
    try {
      preState = JSON.parse(preText);
    } catch {
      preState = { mode: 'unreadable' };
    }
  }
  let latestTag: string | null = null;
  let latestVersion: string | null = null;
  for (const { ref } of await git.listRefs('refs/tags/')) {
    const name = ref.slice('refs/tags/'.length);
    if (!name.startsWith(tagPrefix)) continue;
    const version = name.slice(tagPrefix.length);
    if (semver.valid(version) !== version || semver.prerelease(version) !== null) continue;
    if (latestVersion === null || semver.gt(version, latestVersion)) {
      latestVersion = version;
      latestTag = name;
    }
  }

  let currentVersion = latestVersion ?? '0.0.0';
  let versionSource: VersionSource = latestVersion === null ? 'none' : 'tag';
  const rootVersion = root?.version;
  if (kind !== 'repository' && rootVersion !== undefined && (typeof rootVersion !== 'string' || semver.valid(rootVersion) !== rootVersion)) {
    // Never a silent reset to the tags or 0.0.0: production's own version is broken.
    throw new StateError(
      `package.json on the production branch (commit ${(options.versionCommit ?? commit).slice(0, 7)}) holds version ${JSON.stringify(rootVersion)}, not a version; write it as x.y.z on the production branch`,
      { path: 'package.json', version: String(rootVersion) },
    );
  }
  if (kind !== 'repository' && typeof rootVersion === 'string') {
    currentVersion = rootVersion;
    versionSource = 'package.json';
  } else if (kind === 'repository' && versionFile !== null) {
    const written = versionFile.trim();
    if (semver.valid(written) !== written) {
      throw new StateError(`VERSION holds ${JSON.stringify(written.slice(0, 40))}, not a version; write it as x.y.z`, {
        path: 'VERSION',
      });
    }
    currentVersion = written;
    versionSource = 'VERSION';
  }
  return {
    commit,
    tree,
    kind,
    packages,
    currentVersion,
    versionSource,
    versionFile,
    ...(changesetConfig === undefined ? {} : { changesetConfig }),
    ...(preState === undefined ? {} : { preState }),
    latestTag,
    ignoredVersionChanges,
    restoredFiles,
  };
}

/** The `packages` globs of a `pnpm-workspace.yaml`, or `null` when it lists none (then it is no workspace, as for changesets). */
function pnpmPackages(text: string): string[] | null {
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`pnpm-workspace.yaml is not valid YAML (${reason}); fix it`, { path: 'pnpm-workspace.yaml' });
  }
  const packages = typeof data === 'object' && data !== null ? (data as { packages?: unknown }).packages : undefined;
  if (!Array.isArray(packages) || packages.length === 0) return null;
  return packages.filter((entry): entry is string => typeof entry === 'string');
}

function versionOf(value: unknown): string | null {
  return value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
}
