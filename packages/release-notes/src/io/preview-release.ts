import type { GitPort, Sha } from '@relctl/core';
import type { ChangelogItem, ParsedChangeset, ReleasePlanResult, VersionSource } from '../types.js';
import { planRelease } from '../plan/plan-release.js';
import { renderChangelogEntry } from '../render/render-changelog-entry.js';
import { findVersionChanges, type RequestVersionChange } from './find-version-changes.js';
import { readReleaseContext } from './read-release-context.js';
import { readRequestChangesets } from './read-request-changesets.js';

/**
 * Options of {@link previewRelease}.
 *
 * @example
 * ```ts
 * const preview = await previewRelease({ git, commit: mainTip, requests: [{ id: 'A', head: headA }], tagPrefix: 'v' });
 * ```
 */
export interface PreviewReleaseOptions {
  git: GitPort;
  /** The release branch tip now (before the promotion's merges). */
  commit: Sha;
  /** The requests that would go, each with its head (their changesets are read from there). */
  requests: Array<{ id: string; head: Sha }>;
  tagPrefix: string;
}

/**
 * What a release of some requests would be, computed before anything is merged.
 *
 * @example
 * ```ts
 * const preview: ReleasePreview = await previewRelease({ git, commit: mainTip, requests, tagPrefix: 'v' });
 * console.log(`${preview.tagName}:\n${preview.changelogEntry}`); // 'v1.4.0:\n## 1.4.0 …'
 * ```
 */
export interface ReleasePreview {
  previousVersion: string;
  versionSource: VersionSource;
  version: string;
  tagName: string;
  plan: ReleasePlanResult;
  /** Each request's changeset as its head has it (`null`: none). */
  changesets: Array<{ id: string; changeset: ParsedChangeset | null }>;
  /** The repository changelog items and entry the release would write. */
  items: ChangelogItem[];
  changelogEntry: string;
  /** Requests that change the version field on their branch: the release ignores it (see `findVersionChanges`). */
  versionChanges: RequestVersionChange[];
}

/**
 * Preview a release for `relctl notes` and `promote --dry-run`, writing nothing: the current
 * version from the release branch tip, each request's changeset from its own head, the plan and
 * the changelog entry. Feed `version`, `previousVersion` and the changesets to
 * `renderPromotionNotes`.
 *
 * @example
 * ```ts
 * const preview = await previewRelease({ git, commit: mainTip, requests: [{ id: 'A', head: a }, { id: 'C', head: c }], tagPrefix: 'v' });
 * // preview.previousVersion === '1.3.0', preview.version === '1.4.0'
 * ```
 */
export async function previewRelease(options: PreviewReleaseOptions): Promise<ReleasePreview> {
  const { git, commit, requests, tagPrefix } = options;
  const context = await readReleaseContext({ git, commit, tagPrefix });
  const changesets: ReleasePreview['changesets'] = [];
  for (const request of requests) {
    changesets.push(...(await readRequestChangesets({ git, tree: request.head, requestIds: [request.id] })));
  }
  const plan = planRelease({
    changesets: changesets.flatMap((entry) => (entry.changeset ? [entry.changeset] : [])),
    packages: context.packages,
    currentVersion: context.currentVersion,
    changesetConfig: context.changesetConfig,
    kind: context.kind,
    ...(context.preState === undefined ? {} : { preState: context.preState }),
  });
  const kept = new Set(plan.kept.map((entry) => entry.id));
  const items: ChangelogItem[] = requests.flatMap((request, index) => {
    const changeset = changesets[index]?.changeset ?? null;
    if (kept.has(request.id)) return [];
    return [{ id: request.id, type: changeset?.bump ?? 'none', summary: changeset?.summary ?? '', sha: request.head }];
  });
  return {
    previousVersion: context.currentVersion,
    versionSource: context.versionSource,
    version: plan.version,
    tagName: `${tagPrefix}${plan.version}`,
    plan,
    changesets,
    items,
    changelogEntry: renderChangelogEntry({ version: plan.version, items }),
    versionChanges: await findVersionChanges({ git, commit, requests }),
  };
}
