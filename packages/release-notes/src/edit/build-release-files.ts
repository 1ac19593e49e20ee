import semver from 'semver';
import type { Sha } from '@relctl/core';
import type { ChangelogItem, ChangelogStyle, ParsedChangeset, ReleasePlanResult, TreePackage } from '../types.js';
import { prependChangelog } from '../render/prepend-changelog.js';
import { renderChangelogEntry } from '../render/render-changelog-entry.js';
import { renderItemDependencyLine } from '../render/render-item-dependency-line.js';
import { bumpPackageJson } from './bump-package-json.js';

/**
 * One released request as {@link buildReleaseFiles} needs it.
 *
 * @example
 * ```ts
 * const request: ReleasedRequest = { id: 'A', sha: '1a2b3c4d…', changeset: parseRequestChangeset({ id: 'A', text }) };
 * ```
 */
export interface ReleasedRequest {
  id: string;
  /** The request head merged, when known. */
  sha?: Sha;
  /** `null` when the request carries no changeset file (it ships with bump `none`). */
  changeset: ParsedChangeset | null;
}

/**
 * Options of {@link buildReleaseFiles}.
 *
 * @example
 * ```ts
 * buildReleaseFiles({ plan, packages: context.packages, requests: [{ id: 'A', sha: headA, changeset }], changelogs: { '': null }, versionFile: null });
 * ```
 */
export interface BuildReleaseFilesOptions {
  /** The plan from `planRelease`. */
  plan: ReleasePlanResult;
  /** The `package.json` files given to `planRelease`. */
  packages: TreePackage[];
  /** Exactly the released requests, in release order. */
  requests: ReleasedRequest[];
  /** Current `CHANGELOG.md` text by package folder (`''`: the root); absent or `null`: no file. */
  changelogs: Record<string, string | null>;
  /** The root `VERSION` file's text, or `null` when there is none. */
  versionFile: string | null;
  /** How changelog lines look, or `none` for no `CHANGELOG.md` files (`changelog: false`). Default `git`. */
  changelog?: ChangelogStyle;
}

/**
 * Files of a release commit and the notes they hold.
 *
 * @example
 * ```ts
 * const { files, entry }: ReleaseFiles = buildReleaseFiles(options);
 * Object.keys(files); // ['package.json', 'CHANGELOG.md', '.changeset/A.md']
 * ```
 */
export interface ReleaseFiles {
  /** Repository path → new UTF-8 content, or `null` to delete the file. */
  files: Record<string, string | null>;
  /** The repository-level changelog items, one per released request (kept changesets are not listed). */
  items: ChangelogItem[];
  /** The entry prepended to the root `CHANGELOG.md`. */
  entry: string;
  /** Monorepos: the package versions that change, by name (empty otherwise). */
  packageVersions: Array<{ name: string; newVersion: string }>;
}

/**
 * The file changes of a release commit — no IO: bumped `package.json` files (indentation kept),
 * a new entry on top of the root `CHANGELOG.md` (every released request; none when the version
 * does not move) and, in a monorepo, of each bumped package's `CHANGELOG.md` (its requests and
 * "Updated dependencies", as changesets writes them), the `VERSION` file of a repository without
 * packages, and the consumed `.changeset/<id>.md` files removed. Kept changesets and those of
 * other requests are not touched. No `CHANGELOG.md` is written with the `none` style. A
 * changelog with CRLF line ends keeps them.
 *
 * @example
 * ```ts
 * const { files } = buildReleaseFiles({ plan, packages, requests, changelogs: { '': existingChangelog }, versionFile: null });
 * // files['package.json'], files['CHANGELOG.md'], files['.changeset/A.md'] === null, …
 * ```
 */
export function buildReleaseFiles(options: BuildReleaseFilesOptions): ReleaseFiles {
  const { plan, packages, requests, changelogs } = options;
  const style: ChangelogStyle = options.changelog ?? { kind: 'git' };
  const files: Record<string, string | null> = {};
  const byDir = new Map(packages.map((pkg) => [pkg.dir, pkg]));
  const shaOf = new Map(requests.map((request) => [request.id, request.sha]));
  const join = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
  const keptIds = new Set(plan.kept.map((entry) => entry.id));
  const released = requests.filter((request) => !keptIds.has(request.id));
  const items: ChangelogItem[] = released.map((request) => ({
    id: request.id,
    type: request.changeset?.bump ?? 'none',
    summary: request.changeset?.summary ?? '',
    ...(request.sha ? { sha: request.sha } : {}),
  }));
  const writeChangelog = (dir: string, entry: string, title: string) => {
    if (style.kind === 'none') return;
    files[join(dir, 'CHANGELOG.md')] = prependChangelog({ existing: changelogs[dir] ?? null, entry, title });
  };
  const root = byDir.get('') ?? null;
  const packageVersions: Array<{ name: string; newVersion: string }> = [];
  // Workspace packages, as changesets versions them. (A single package is the root, below.)
  for (const release of plan.kind === 'workspaces' ? plan.packages : []) {
    const pkg = byDir.get(release.dir);
    if (!pkg || release.dir === '') continue;
    const path = join(release.dir, 'package.json');
    const text = bumpPackageJson({ text: pkg.text, path, version: release.newVersion ?? undefined, ranges: release.dependencyUpdates, reprint: true });
    if (text !== pkg.text) files[path] = text;
    if (release.newVersion === null || release.type === 'none') continue;
    if (release.newVersion !== release.oldVersion) packageVersions.push({ name: release.name, newVersion: release.newVersion });
    const packageItems: ChangelogItem[] = [];
    for (const changeset of plan.changesets) {
      const own = changeset.releases.find((entry) => entry.name === release.name);
      if (!own || own.type === 'none') continue;
      const sha = shaOf.get(changeset.id);
      packageItems.push({ id: changeset.id, type: own.type, summary: changeset.summary, ...(sha ? { sha } : {}) });
    }
    // The changesets behind the updated dependencies, in release order (as apply-release-plan lists them).
    const behind = new Set(release.updatedDependencies.flatMap((dependency) => dependency.changesets));
    const dependencyLine = renderItemDependencyLine({
      style,
      changesets: plan.changesets.filter((changeset) => behind.has(changeset.id)).map((changeset) => ({ sha: shaOf.get(changeset.id) })),
      dependencies: release.updatedDependencies,
    });
    const entry = renderChangelogEntry({ version: release.newVersion, items: packageItems, dependencyLine, style });
    writeChangelog(release.dir, entry, release.name);
  }
  const rootRelease = plan.kind === 'single' ? plan.packages.find((release) => release.dir === '') : undefined;
  // The root package.json carries the version of a single package changesets versions, and in a
  // monorepo the repository version when it has one.
  if (root && rootRelease && rootRelease.newVersion !== null) {
    const text = bumpPackageJson({ text: root.text, path: 'package.json', version: rootRelease.newVersion, ranges: rootRelease.dependencyUpdates, reprint: true });
    if (text !== root.text) files['package.json'] = text;
  } else if (root && plan.kind === 'workspaces' && semver.valid(root.packageJson.version ?? '') !== null) {
    const text = bumpPackageJson({ text: root.text, path: 'package.json', version: plan.version });
    if (text !== root.text) files['package.json'] = text;
  }
  if (plan.kind === 'repository' && options.versionFile !== null) {
    files.VERSION = `${plan.version}${/\r?\n$/.test(options.versionFile) ? '\n' : ''}`;
  }
  packageVersions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entry = renderChangelogEntry({ version: plan.version, items, packages: packageVersions, style });
  const title = typeof root?.packageJson.name === 'string' && root.packageJson.name !== '' ? root.packageJson.name : 'Changelog';
  // A release that does not move the version (every request says none) adds no second heading
  // for the same version; its notes are in the release commit and tag messages.
  if (plan.version !== plan.previousVersion) writeChangelog('', entry, title);
  for (const request of released) {
    if (request.changeset) files[`.changeset/${request.id}.md`] = null;
  }
  return { files, items, entry, packageVersions };
}
