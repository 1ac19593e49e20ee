import {
  REQUEST_ID_PATTERN,
  StateError,
  UsageError,
  type GitPort,
  type ReleaseInput,
  type ReleaseOutput,
  type TreeEdit,
} from '@relctl/core';
import type { ReleasePlanResult, VersionSource } from '../types.js';
import { buildReleaseFiles } from '../edit/build-release-files.js';
import { planRelease } from '../plan/plan-release.js';
import { renderReleaseMessage } from '../render/render-release-message.js';
import { renderTagMessage } from '../render/render-tag-message.js';
import { findRequestHeads } from './find-request-heads.js';
import { readReleaseContext } from './read-release-context.js';
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
  previousVersion: string;
  versionSource: VersionSource;
  plan: ReleasePlanResult;
  /** The entry prepended to the root `CHANGELOG.md`. */
  changelogEntry: string;
  /** The files the release commit changes (path → new text, `null`: deleted). */
  files: Record<string, string | null>;
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
  checkInput(options);

  const context = await readReleaseContext({ git, commit, tagPrefix });
  const found = await readRequestChangesets({ git, tree: context.tree, requestIds });
  const plan = planRelease({
    changesets: found.flatMap((entry) => (entry.changeset ? [entry.changeset] : [])),
    packages: context.packages,
    currentVersion: context.currentVersion,
    changesetConfig: context.changesetConfig,
  });

  const tagName = `${tagPrefix}${plan.version}`;
  if ((await git.readRef(`refs/tags/${tagName}`)) !== null) {
    const why =
      plan.version === context.currentVersion
        ? `the requests bump nothing (every changeset says none or is missing); give one of ${requestIds.join(', ')} a patch bump`
        : `the current version ${context.currentVersion} (from ${context.versionSource}) is behind the tags; set it to the latest released version`;
    throw new StateError(`tag ${tagName} already exists: ${why}`, {
      tag: tagName,
      version: plan.version,
      versionSource: context.versionSource,
    });
  }

  const heads = await findRequestHeads({ git, commit, requestIds });
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
  });

  const edits: TreeEdit[] = Object.entries(built.files).map(([path, content]) => ({
    path,
    content: content === null ? null : encoder.encode(content),
  }));
  const tree = await git.editTree(context.tree, edits);
  const notes = { items: built.items, packages: built.packageVersions };
  return {
    tree,
    message: renderReleaseMessage({ version: plan.version, requestIds, ...notes }),
    version: plan.version,
    tagName,
    tagMessage: renderTagMessage({ version: plan.version, date, ...notes }),
    previousVersion: context.currentVersion,
    versionSource: context.versionSource,
    plan,
    changelogEntry: built.entry,
    files: built.files,
  };
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
    throw new UsageError(
      `${JSON.stringify(tagPrefix)} is not a usable tag prefix; use letters, digits, '.', '_', '-' and '/' (e.g. "v")`,
      { tagPrefix: String(tagPrefix) },
    );
  }
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new UsageError(`${JSON.stringify(date)} is not a release date; pass it as YYYY-MM-DD`, { date: String(date) });
  }
}
