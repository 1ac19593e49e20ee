import semver from 'semver';
import type { Sha } from '@relctl/core';
import type { ChangelogItem, ParsedChangeset, ReleasePlanResult, TreePackage } from '../types.js';
import { prependChangelog } from '../render/prepend-changelog.js';
import { renderChangelogEntry } from '../render/render-changelog-entry.js';
import { renderDependencyReleaseLine } from '../render/render-dependency-release-line.js';
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
  /** The repository-level changelog items, one per request. */
  items: ChangelogItem[];
  /** The entry prepended to the root `CHANGELOG.md`. */
  entry: string;
  /** Monorepos: the package versions that change, by name (empty otherwise). */
  packageVersions: Array<{ name: string; newVersion: string }>;
}

/**
 * The file changes of a release commit — no IO: bumped `package.json` files (indentation kept),
 * a new entry on top of the root `CHANGELOG.md` (every request) and, in a monorepo, of each
 * bumped package's `CHANGELOG.md` (its requests and "Updated dependencies", as changesets
 * writes them), the `VERSION` file of a repository without packages, and the consumed
 * `.changeset/<id>.md` files removed. Changeset files of other requests are not touched.
 *
 * @example
 * ```ts
 * const { files } = buildReleaseFiles({ plan, packages, requests, changelogs: { '': existingChangelog }, versionFile: null });
 * // files['package.json'], files['CHANGELOG.md'], files['.changeset/A.md'] === null, …
 * ```
 */
export function buildReleaseFiles(options: BuildReleaseFilesOptions): ReleaseFiles {
  const { plan, packages, requests, changelogs } = options;
  const files: Record<string, string | null> = {};
  const byDir = new Map(packages.map((pkg) => [pkg.dir, pkg]));
  const shaOf = new Map(requests.map((request) => [request.id, request.sha]));
  const join = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);

  const items: ChangelogItem[] = requests.map((request) => ({
    id: request.id,
    type: request.changeset?.bump ?? 'none',
    summary: request.changeset?.summary ?? '',
    ...(request.sha ? { sha: request.sha } : {}),
  }));
  const root = byDir.get('') ?? null;

  const packageVersions: Array<{ name: string; newVersion: string }> = [];
  // Workspace packages, as changesets versions them. (A single package is the root, below.)
  for (const release of plan.kind === 'workspaces' ? plan.packages : []) {
    const pkg = byDir.get(release.dir);
    if (!pkg || release.dir === '') continue;
    const path = join(release.dir, 'package.json');
    const text = bumpPackageJson({ text: pkg.text, path, version: release.newVersion, ranges: release.dependencyUpdates });
    if (text !== pkg.text) files[path] = text;
    if (release.newVersion !== release.oldVersion) packageVersions.push({ name: release.name, newVersion: release.newVersion });
    if (release.type === 'none') continue;
    const packageItems: ChangelogItem[] = [];
    for (const changeset of plan.changesets) {
      const own = changeset.releases.find((entry) => entry.name === release.name);
      if (!own || own.type === 'none') continue;
      const sha = shaOf.get(changeset.id);
      packageItems.push({ id: changeset.id, type: own.type, summary: changeset.summary, ...(sha ? { sha } : {}) });
    }
    const behind = [...new Set(release.updatedDependencies.flatMap((dependency) => dependency.changesets))];
    const dependencyLine = renderDependencyReleaseLine({
      changesets: behind.map((id) => ({ sha: shaOf.get(id) })),
      dependencies: release.updatedDependencies,
    });
    const entry = renderChangelogEntry({ version: release.newVersion, items: packageItems, dependencyLine });
    const changelogPath = join(release.dir, 'CHANGELOG.md');
    files[changelogPath] = prependChangelog({ existing: changelogs[release.dir] ?? null, entry, title: release.name });
  }

  // The root package.json carries the repository version: always for a single package, and in a
  // monorepo when it has a version.
  const rootVersioned =
    plan.kind === 'single' || (plan.kind === 'workspaces' && semver.valid(root?.packageJson.version ?? '') !== null);
  if (root && rootVersioned) {
    const text = bumpPackageJson({ text: root.text, path: 'package.json', version: plan.version });
    if (text !== root.text) files['package.json'] = text;
  }
  if (plan.kind === 'repository' && options.versionFile !== null) {
    files.VERSION = `${plan.version}${/\r?\n$/.test(options.versionFile) ? '\n' : ''}`;
  }

  packageVersions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entry = renderChangelogEntry({ version: plan.version, items, packages: packageVersions });
  const title = typeof root?.packageJson.name === 'string' && root.packageJson.name !== '' ? root.packageJson.name : 'Changelog';
  files['CHANGELOG.md'] = prependChangelog({ existing: changelogs[''] ?? null, entry, title });

  for (const request of requests) {
    if (request.changeset) files[`.changeset/${request.id}.md`] = null;
  }
  return { files, items, entry, packageVersions };
}
