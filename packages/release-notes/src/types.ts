import type { Bump, Sha } from '@relctl/core';

/**
 * One package a changeset bumps, as written in its front matter (`"web-app": minor`).
 *
 * @example
 * ```ts
 * const release: ChangesetRelease = { name: 'web-app', type: 'minor' }; // from the line `"web-app": minor`
 * ```
 */
export interface ChangesetRelease {
  name: string;
  type: Bump;
}

/**
 * A request's changeset file (`.changeset/<id>.md`), parsed.
 *
 * - `form: 'packages'` — the standard changesets form, one line per package
 *   (`"web-app": minor`); `releases` lists them (empty for an empty changeset).
 * - `form: 'repository'` — relctl's form for a repository without a named `package.json`
 *   (`bump: minor`); `releases` is empty and the bump applies to the repository version.
 *
 * @example
 * ```ts
 * const changeset: ParsedChangeset = parseRequestChangeset({ id: 'C', text: '---\nbump: patch\n---\n\nFix login redirect\n' });
 * // { id: 'C', form: 'repository', releases: [], bump: 'patch', summary: 'Fix login redirect' }
 * ```
 */
export interface ParsedChangeset {
  /** The request id (= the file name without `.md`). */
  id: string;
  form: 'packages' | 'repository';
  releases: ChangesetRelease[];
  /** The highest bump the changeset asks for (`none` for an empty changeset). */
  bump: Bump;
  /** The release note: the markdown body, trimmed. */
  summary: string;
}

/**
 * The subset of a `package.json` relctl reads. Other fields are kept as they are.
 *
 * @example
 * ```ts
 * const packageJson = JSON.parse(text) as PackageJson;
 * console.log(packageJson.name, packageJson.version); // 'web-app' '1.3.0'
 * ```
 */
export interface PackageJson {
  name?: string;
  version?: string;
  private?: boolean;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * A `package.json` found in the tree being released.
 *
 * @example
 * ```ts
 * const root: TreePackage = { dir: '', packageJson: { name: 'web-app', version: '1.3.0' }, text: '{\n  "name": "web-app",\n  "version": "1.3.0"\n}\n' };
 * ```
 */
export interface TreePackage {
  /** Folder of the package, relative to the repository root, with `/` separators; `''` is the root. */
  dir: string;
  packageJson: PackageJson;
  /** The file's text as stored (for indentation-preserving rewrites). */
  text: string;
}

/**
 * How a repository is versioned:
 * - `single`: a root `package.json` with a `name` and no workspaces (a web app, a library);
 * - `workspaces`: a monorepo — npm/yarn `workspaces` or `pnpm-workspace.yaml` (packages versioned as changesets does, plus a
 *   repository version for the tag);
 * - `repository`: no named `package.json` (a Java or PHP service) — a `VERSION` file or tags.
 *
 * @example
 * ```ts
 * const kind: RepositoryKind = repositoryKind({ root: { name: 'monorepo', private: true, workspaces: ['packages/*'] } }); // 'workspaces'
 * ```
 */
export type RepositoryKind = 'single' | 'workspaces' | 'repository';

/**
 * Where the current version was read from.
 *
 * @example
 * ```ts
 * const { versionSource } = await readReleaseContext({ git, commit: mainTip, tagPrefix: 'v' });
 * if (versionSource === 'none') console.log('first release: starting from 0.0.0');
 * ```
 */
export type VersionSource = 'package.json' | 'VERSION' | 'tag' | 'none';

/**
 * One package's version change in a release.
 *
 * @example
 * ```ts
 * const release: PackageRelease = { name: 'lib-a', dir: 'packages/lib-a', type: 'minor', oldVersion: '1.0.0', newVersion: '1.1.0', changesets: ['A'], dependencyUpdates: [], updatedDependencies: [] };
 * ```
 */
export interface PackageRelease {
  name: string;
  /** Folder relative to the repository root (`''` for the root package). */
  dir: string;
  /** `none` when only dependency ranges change (e.g. a devDependency was bumped). */
  type: Bump;
  /** `null` for a package without a `version` (a private app): only its dependency ranges change. */
  oldVersion: string | null;
  /** `null` for a package without a `version`, as `oldVersion`. */
  newVersion: string | null;
  /** Ids of the changesets (requests) that name this package. */
  changesets: string[];
  /** Dependency ranges to rewrite in this package's `package.json`. */
  dependencyUpdates: DependencyRangeUpdate[];
  /** Released packages this one depends on whose ranges changed (for "Updated dependencies" lines). */
  updatedDependencies: Array<{ name: string; newVersion: string; changesets: string[] }>;
}

/**
 * One dependency range rewritten by a release (`"lib-a": "^1.0.0"` → `"^1.1.0"`).
 *
 * @example
 * ```ts
 * const update: DependencyRangeUpdate = { field: 'dependencies', name: 'lib-a', from: '^1.0.0', to: '^1.1.0' };
 * ```
 */
export interface DependencyRangeUpdate {
  field: 'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies';
  name: string;
  from: string;
  to: string;
}

/**
 * The outcome of {@link planRelease}: what a release of exactly these changesets does.
 *
 * @example
 * ```ts
 * const plan: ReleasePlanResult = planRelease({ changesets, packages, currentVersion: '1.3.0' });
 * console.log(`${plan.previousVersion} -> ${plan.version} (${plan.bump})`); // '1.3.0 -> 1.4.0 (minor)'
 * ```
 */
export interface ReleasePlanResult {
  kind: RepositoryKind;
  /** The repository version before the release (`0.0.0` when there is none). */
  previousVersion: string;
  /** The repository version after the release: the tag is `<prefix><version>`. */
  version: string;
  /** The highest bump of the changesets. */
  bump: Bump;
  /** The changesets released (consumed), in the order given. */
  changesets: ParsedChangeset[];
  /**
   * Changesets kept in `.changeset/` for a later release, as `changeset version` keeps them: they
   * name only packages the changesets config leaves out (`ignore`, or private packages with
   * `privatePackages.version: false`). Not listed, not counted in any version.
   */
  kept: KeptChangeset[];
  /** Package version changes (empty for `repository`). For `single` it is the root package, when it is versioned. */
  packages: PackageRelease[];
}

/**
 * A changeset a release leaves in `.changeset/`, and why.
 *
 * @example
 * ```ts
 * const kept: KeptChangeset = { id: 'B', packages: ['pkg-b'], reason: 'ignored' };
 * ```
 */
export interface KeptChangeset {
  id: string;
  /** The packages it names. */
  packages: string[];
  /** `ignored`: listed in `ignore`; `private`: private while `privatePackages.version` is `false`. */
  reason: 'ignored' | 'private';
}

/**
 * One request's line in a changelog.
 *
 * @example
 * ```ts
 * const item: ChangelogItem = { id: 'A', summary: 'Add CSV export', type: 'minor', sha: '1a2b3c4d…' };
 * renderReleaseLine(item); // '- A (1a2b3c4): Add CSV export'
 * ```
 */
export interface ChangelogItem {
  /** Request id. */
  id: string;
  /** Release note (markdown); the first line becomes the bullet. */
  summary: string;
  type: Bump;
  /** The request head merged, when known. */
  sha?: Sha;
}

/**
 * How changelog lines are written:
 * - `git`: `@changesets/changelog-git`'s lines with the request id in front (`- A (1a2b3c4): Add CSV export`);
 * - `github`: `@changesets/changelog-github`'s lines (pull-request link, commit link, "Thanks
 *   @author!"), from GitHub data gathered beforehand and passed in as {@link GithubChangelogInfo};
 * - `none`: no `CHANGELOG.md` files at all (`"changelog": false` in `.changeset/config.json`).
 *
 * relctl never loads a changelog module: it writes these styles itself.
 *
 * @example
 * ```ts
 * const style: ChangelogStyle = { kind: 'github', repository: 'acme/shop', serverUrl: 'https://github.com', info: { commits: {}, pulls: {} } };
 * ```
 */
export type ChangelogStyle =
  | { kind: 'none' }
  | { kind: 'git' }
  | {
      kind: 'github';
      /** `owner/repo`: links point there. */
      repository: string;
      /** Web base URL, e.g. `https://github.com`. */
      serverUrl: string;
      info: GithubChangelogInfo;
      /** changelog-github's `disableThanks`: no "Thanks @author!". */
      disableThanks?: boolean;
    };

/**
 * A GitHub user as a changelog links it.
 *
 * @example
 * ```ts
 * const user: GithubUser = { login: 'alice', url: 'https://github.com/alice' };
 * ```
 */
export interface GithubUser {
  login: string;
  url: string;
}

/**
 * What GitHub says about the commits and pull requests of a release, as plain data (this package
 * makes no network calls; the caller gathers it, e.g. through the GitHub REST API):
 * - per commit SHA: the pull request it belongs to (the earliest merged one, as changelog-github
 *   picks it) and the user to thank (the pull request's author, else the commit's);
 * - per pull-request number (named by a `pr: #123` line of a note): its URL, author and merge commit.
 *
 * @example
 * ```ts
 * const info: GithubChangelogInfo = {
 *   commits: { '1a2b3c4d…': { pull: { number: 12, url: 'https://github.com/acme/shop/pull/12' }, user: { login: 'alice', url: 'https://github.com/alice' } } },
 *   pulls: {},
 * };
 * ```
 */
export interface GithubChangelogInfo {
  commits: Record<string, { pull: { number: number; url: string } | null; user: GithubUser | null }>;
  pulls: Record<string, { url: string; user: GithubUser | null; mergeCommit: string | null }>;
}
