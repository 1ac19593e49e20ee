import { REQUEST_ID_PATTERN, StateError, UsageError, type GitPort, type ReleaseInput, type ReleaseOutput, type TreeEdit } from '@relctl/core';
import type { ChangelogStyle, GithubChangelogInfo, ParsedChangeset, ReleasePlanResult, VersionSource } from '../types.js';
import { buildReleaseFiles } from '../edit/build-release-files.js';
import { renderNotesText } from '../render/render-notes-text.js';
import { chooseChangelogStyle } from './choose-changelog-style.js';
import { planRelease } from '../plan/plan-release.js';
import { renderReleaseMessage } from '../render/render-release-message.js';
import { renderTagMessage } from '../render/render-tag-message.js';
import { findRequestHeads } from './find-request-heads.js';
import { findReleaseBase } from './find-release-base.js';
import { readReleaseContext, type IgnoredVersionChange } from './read-release-context.js';
import { readRequestChangesets } from './read-request-changesets.js';
import { readText } from './read-text.js';

/**
 * Options of {@link prepareRelease}: a release input plus the git port to read and write objects with.
 *
 * @example
 * ```ts
 * const release = await prepareRelease({ git, commit: workingTip, requestIds: ['A', 'C'], tagPrefix: 'v', date: '2026-01-15' });
 * ```
 */
export interface PrepareReleaseOptions extends ReleaseInput {
  git: GitPort;
  /** The team's release settings (relctl config `release`); default: changelog `auto`, no package tags. */
  settings?: ReleaseSettings;
}

/**
 * How a team releases (relctl config `release`, from the production branch), plus where GitHub
 * data comes from.
 *
 * @example
 * ```ts
 * const settings: ReleaseSettings = { changelog: 'github', packageTags: true, github: { repository: 'acme/shop', serverUrl: 'https://github.com', fetchInfo } };
 * ```
 */
export interface ReleaseSettings {
  /**
   * Changelog lines: `auto` (default) follows `.changeset/config.json` (`false`: no changelog,
   * `@changesets/changelog-github`: the github style, anything else: the git style); `git`,
   * `github`, `none` choose directly. The github style needs `github`; without it the git style
   * is used and `warn` says so.
   */
  changelog?: 'auto' | 'git' | 'github' | 'none';
  /** Monorepos: also tag each released package `<name>@<version>`, as `changeset tag` does. Default `false`. */
  packageTags?: boolean;
  /** The GitHub repository of the remote and a way to ask GitHub about commits and pull requests. */
  github?: GithubSource;
  /** Where warnings go (GitHub unreachable, github style without GitHub). */
  warn?: (text: string) => void;
}

/**
 * Where the github changelog style gets its data: this package makes no network calls.
 *
 * @example
 * ```ts
 * const github: GithubSource = { repository: 'acme/shop', serverUrl: 'https://github.com', fetchInfo: async ({ commits, pulls }) => ({ commits: {}, pulls: {} }) };
 * ```
 */
export interface GithubSource {
  /** `owner/repo`. */
  repository: string;
  /** Web base URL for links, e.g. `https://github.com`. */
  serverUrl: string;
  /** What GitHub knows about these commits (their pull request and author) and pull requests. */
  fetchInfo(request: { commits: string[]; pulls: number[] }): Promise<GithubChangelogInfo>;
}

/**
 * A prepared release: the port's output plus what a dry run or the notes command shows.
 *
 * @example
 * ```ts
 * const release: PreparedRelease = await prepareRelease({ git, commit, requestIds: ['A'], tagPrefix: 'v', date: '2026-01-15' });
 * console.log(`${release.previousVersion} -> ${release.version}`, Object.keys(release.files));
 * ```
 */
export interface PreparedRelease extends ReleaseOutput {
  /** Monorepos with `packageTags`: the `<name>@<version>` tags to create with the release tag. */
  packageTags: Array<{ name: string; message: string }>;
  previousVersion: string;
  versionSource: VersionSource;
  plan: ReleasePlanResult;
  /** The entry prepended to the root `CHANGELOG.md`. */
  changelogEntry: string;
  /** The files the release commit changes (path → new text, `null`: deleted). */
  files: Record<string, string | null>;
  /** Version fields the merged requests changed; the release kept production's. */
  ignoredVersionChanges: IgnoredVersionChange[];
}

const encoder = new TextEncoder();
const TAG_PREFIX = /^(?:[A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]*$/;

/**
 * Cut a release of exactly `requestIds` on `commit`, on objects only: read the commit's tree
 * through the git port (never the user's checkout), parse `.changeset/<id>.md` of those requests
 * (other changeset files stay as they are), plan versions with changesets' rules, and write the
 * release tree with `git.editTree` — bumped `package.json` files (indentation kept), new
 * `CHANGELOG.md` entries, the `VERSION` file of a repository without packages, consumed changeset
 * files removed. Nothing else is written; no ref moves. The commit message ends with the trailers
 * `Relctl-Release: <version>` and `Relctl-Requests: <ids>`.
 *
 * Refuses (`StateError`) when the tag `<prefix><version>` exists already, and (`UsageError`) on
 * malformed input.
 *
 * @example
 * ```ts
 * const release = await prepareRelease({ git, commit: workingTip, requestIds: ['A', 'C'], tagPrefix: 'v', date: '2026-01-15' });
 * const commit = await git.writeCommit({ tree: release.tree, parents: [workingTip], message: release.message, author, committer });
 * ```
 */
export async function prepareRelease(options: PrepareReleaseOptions): Promise<PreparedRelease> {
  const { git, commit, requestIds, tagPrefix, date } = options;
  const settings = options.settings ?? {};
  checkInput(options);

  // The version is production's (the branch before this release's merges), whatever a request wrote.
  const versionCommit = await findReleaseBase({ git, commit, requestIds });
  const context = await readReleaseContext({ git, commit, tagPrefix, versionCommit });
  const found = await readRequestChangesets({ git, tree: context.tree, requestIds });
  const plan = planRelease({
    changesets: found.flatMap((entry) => (entry.changeset ? [entry.changeset] : [])),
    packages: context.packages,
    currentVersion: context.currentVersion,
    changesetConfig: context.changesetConfig,
    kind: context.kind,
    ...(context.preState === undefined ? {} : { preState: context.preState }),
  });

  const tagName = `${tagPrefix}${plan.version}`;
  if ((await git.readRef(`refs/tags/${tagName}`)) !== null) {
    const why =
      plan.version === context.currentVersion
        ? plan.kept.length > 0
          ? `the requests bump nothing (changesets kept for later: ${plan.kept.map((entry) => entry.id).join(', ')}; the others say none or are missing); give one a patch bump for a package that is versioned`
          : `the requests bump nothing (every changeset says none or is missing); give one of ${requestIds.join(', ')} a patch bump`
        : `the current version ${context.currentVersion} (from ${context.versionSource}) is behind the tags; set it to the latest released version`;
    throw new StateError(`tag ${tagName} already exists: ${why}`, {
      tag: tagName,
      version: plan.version,
      versionSource: context.versionSource,
    });
  }

  const heads = await findRequestHeads({ git, commit, requestIds });
  const writtenConfig = context.changesetConfig as { changelog?: unknown; privatePackages?: { tag?: unknown } } | undefined;
  const packageTags = settings.packageTags && plan.kind === 'workspaces' ? packageTagsOf({ plan, context, tagPrivate: writtenConfig?.privatePackages?.tag === true, date }) : [];
  for (const tag of packageTags) {
    if ((await git.readRef(`refs/tags/${tag.name}`)) !== null) {
      throw new StateError(`tag ${tag.name} already exists, so this release cannot tag its packages; delete that tag if it is wrong, or turn off release.packageTags`, {
        tag: tag.name,
      });
    }
  }
  const style = await changelogStyle({ settings, written: writtenConfig?.changelog, plan, heads });
  const changelogs: Record<string, string | null> = { '': await readText({ git, tree: context.tree, path: 'CHANGELOG.md' }) };
  if (plan.kind === 'workspaces') {
    for (const release of plan.packages) {
      if (release.type === 'none' || release.dir === '') continue;
      changelogs[release.dir] = await readText({ git, tree: context.tree, path: `${release.dir}/CHANGELOG.md` });
    }
  }
  const built = buildReleaseFiles({
    plan,
    packages: context.packages,
    requests: found.map((entry) => ({ ...entry, ...(heads[entry.id] ? { sha: heads[entry.id] } : {}) })),
    changelogs,
    versionFile: context.versionFile,
    changelog: style,
  });

  // A version field a request changed is put back even where the release bumps nothing.
  for (const [path, text] of Object.entries(context.restoredFiles)) if (!(path in built.files)) built.files[path] = text;
  const edits: TreeEdit[] = Object.entries(built.files).map(([path, content]) => ({
    path,
    content: content === null ? null : encoder.encode(content),
  }));
  const tree = await git.editTree(context.tree, edits);
  const notes = { items: built.items, packages: built.packageVersions, kept: plan.kept.map((entry) => entry.id) };
  return {
    tree,
    message: renderReleaseMessage({ version: plan.version, requestIds, ...notes }),
    version: plan.version,
    tagName,
    tagMessage: renderTagMessage({ version: plan.version, date, ...notes }),
    packageTags,
    previousVersion: context.currentVersion,
    versionSource: context.versionSource,
    plan,
    changelogEntry: built.entry,
    files: built.files,
    ignoredVersionChanges: context.ignoredVersionChanges,
    ...(context.ignoredVersionChanges.length > 0 ? { notes: context.ignoredVersionChanges.map(describeIgnored) } : {}),
  };
}

function describeIgnored(change: IgnoredVersionChange): string {
  return `kept the version of ${change.path} at ${change.production ?? 'none'} (a request set it to ${change.merged === null ? 'none' : JSON.stringify(change.merged)}; the version comes from the production branch and its tags)`;
}

function checkInput(options: ReleaseInput): void {
  const { requestIds, tagPrefix, date } = options;
  if (!Array.isArray(requestIds) || requestIds.length === 0) {
    throw new UsageError('a release needs at least one request; name the requests to release', {});
  }
  const seen = new Set<string>();
  for (const id of requestIds) {
    if (typeof id !== 'string' || !REQUEST_ID_PATTERN.test(id)) {
      throw new UsageError(`${JSON.stringify(id)} is not a request id; use letters, digits, '.', '_' or '-'`, {
        id: String(id),
      });
    }
    if (seen.has(id)) throw new UsageError(`request ${id} is named twice; name each request once`, { id });
    seen.add(id);
  }
  if (typeof tagPrefix !== 'string' || !TAG_PREFIX.test(tagPrefix) || tagPrefix.includes('..')) {
    throw new UsageError(`${JSON.stringify(tagPrefix)} is not a usable tag prefix; use letters, digits, '.', '_', '-' and '/' (e.g. "v")`, { tagPrefix: String(tagPrefix) });
  }
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new UsageError(`${JSON.stringify(date)} is not a release date; pass it as YYYY-MM-DD`, { date: String(date) });
  }
}

/** The changelog style of this release, with GitHub's data gathered when it is the github style. */
async function changelogStyle(input: { settings: ReleaseSettings; written: unknown; plan: ReleasePlanResult; heads: Record<string, string> }): Promise<ChangelogStyle> {
  const { settings, plan, heads } = input;
  const chosen = chooseChangelogStyle({ setting: settings.changelog ?? 'auto', written: input.written });
  if (chosen.kind === 'none') return chosen;
  if (chosen.kind === 'git') {
    if (chosen.module !== null && !GIT_STYLE_MODULES.has(chosen.module)) {
      settings.warn?.(
        `.changeset/config.json names the changelog module ${JSON.stringify(chosen.module)}, which relctl never loads; the changelog is written in the changelog-git style`,
      );
    }
    return { kind: 'git' };
  }
  const github = settings.github;
  if (!github) {
    settings.warn?.('the github changelog style needs a GitHub remote; the changelog is written in the changelog-git style');
    return { kind: 'git' };
  }
  const commits = new Set<string>();
  const pulls = new Set<number>();
  for (const changeset of plan.changesets) {
    const named = namedInNote(changeset);
    if (named.pull !== undefined) pulls.add(named.pull);
    else if (named.commit ?? heads[changeset.id]) commits.add((named.commit ?? heads[changeset.id]) as string);
  }
  let info: GithubChangelogInfo = { commits: {}, pulls: {} };
  if (commits.size > 0 || pulls.size > 0) {
    try {
      info = await github.fetchInfo({ commits: [...commits], pulls: [...pulls] });
    } catch (error) {
      // A release does not wait for GitHub: the lines keep their commit links and lose the rest.
      settings.warn?.(`GitHub did not answer about the release's pull requests (${error instanceof Error ? error.message : String(error)}); the changelog lines link commits only`);
    }
  }
  return { kind: 'github', repository: github.repository, serverUrl: github.serverUrl, info, disableThanks: chosen.disableThanks };
}

const GIT_STYLE_MODULES = new Set(['@changesets/cli/changelog', '@changesets/changelog-git']);

/** The pull request and commit a note names on lines of their own (`pr: #12`, `commit: 1a2b3c4`), as changelog-github reads them. */
function namedInNote(changeset: ParsedChangeset): { pull?: number; commit?: string } {
  const pull = /^\s*(?:pr|pull|pull\s+request):\s*#?(\d+)/im.exec(changeset.summary)?.[1];
  const commit = /^\s*commit:\s*([^\s]+)/im.exec(changeset.summary)?.[1];
  return { ...(pull === undefined ? {} : { pull: Number(pull) }), ...(commit === undefined ? {} : { commit }) };
}

/** `<name>@<version>` tags of a monorepo release, as `changeset tag` makes them: private packages only with `privatePackages.tag`. */
function packageTagsOf(input: {
  plan: ReleasePlanResult;
  context: { packages: Array<{ dir: string; packageJson: { private?: boolean } }> };
  tagPrivate: boolean;
  date: string;
}): Array<{ name: string; message: string }> {
  const { plan, context, tagPrivate, date } = input;
  const byDir = new Map(context.packages.map((pkg) => [pkg.dir, pkg]));
  const tags: Array<{ name: string; message: string }> = [];
  for (const release of plan.packages) {
    if (release.newVersion === null || release.newVersion === release.oldVersion || release.dir === '') continue;
    if (byDir.get(release.dir)?.packageJson.private && !tagPrivate) continue;
    const items = plan.changesets.flatMap((changeset) => {
      const own = changeset.releases.find((entry) => entry.name === release.name);
      return own && own.type !== 'none' ? [{ id: changeset.id, type: own.type, summary: changeset.summary }] : [];
    });
    const notes = items.length > 0 ? renderNotesText({ items }) : 'Updated dependencies.';
    tags.push({ name: `${release.name}@${release.newVersion}`, message: `Release ${release.name}@${release.newVersion} (${date})\n\n${notes}\n` });
  }
  return tags;
}
