/**
 * `@relctl/release-notes`: changesets-based releases of exactly the promoted requests — version
 * bump, CHANGELOG, tag message, pull-request notes. Parsing, planning and rendering are pure;
 * the `io` functions read and write git objects through a `GitPort`.
 *
 * @packageDocumentation
 */
export type {
  ChangesetRelease,
  ParsedChangeset,
  PackageJson,
  TreePackage,
  RepositoryKind,
  VersionSource,
  PackageRelease,
  DependencyRangeUpdate,
  ReleasePlanResult,
  ChangelogItem,
  KeptChangeset,
  ChangelogStyle,
  GithubChangelogInfo,
  GithubUser,
} from './types.js';
export { parseRequestChangeset, type ParseRequestChangesetOptions } from './changeset/parse-request-changeset.js';
export { formatRequestChangeset, type FormatRequestChangesetOptions } from './changeset/format-request-changeset.js';
export { planRelease, type PlanReleaseOptions } from './plan/plan-release.js';
export { repositoryKind, type RepositoryKindOptions } from './plan/repository-kind.js';
export { packageReleases, type PackageReleasesOptions, type AssembledRelease } from './plan/package-releases.js';
export { updateDependencyRanges, type UpdateDependencyRangesOptions, type DependencyRangeChanges, type VersionChange } from './plan/update-dependency-ranges.js';
export { renderReleaseLine, type RenderReleaseLineOptions } from './render/render-release-line.js';
export { renderGithubReleaseLine, type RenderGithubReleaseLineOptions } from './render/render-github-release-line.js';
export { renderItemLine, type RenderItemLineOptions } from './render/render-item-line.js';
export { renderItemDependencyLine, type RenderItemDependencyLineOptions } from './render/render-item-dependency-line.js';
export { renderDependencyReleaseLine, type RenderDependencyReleaseLineOptions } from './render/render-dependency-release-line.js';
export { renderChangelogEntry, type RenderChangelogEntryOptions } from './render/render-changelog-entry.js';
export { prependChangelog, type PrependChangelogOptions } from './render/prepend-changelog.js';
export { renderNotesText, type RenderNotesTextOptions } from './render/render-notes-text.js';
export { renderTagMessage, type RenderTagMessageOptions } from './render/render-tag-message.js';
export { renderReleaseMessage, type RenderReleaseMessageOptions } from './render/render-release-message.js';
export {
  renderPromotionNotes,
  type RenderPromotionNotesOptions,
  type GoingRequest,
  type StayingRequest,
  type PromotionNotes,
  type PromotionNotesJson,
} from './render/render-promotion-notes.js';
export { bumpPackageJson, type BumpPackageJsonOptions } from './edit/bump-package-json.js';
export { buildReleaseFiles, type BuildReleaseFilesOptions, type ReleasedRequest, type ReleaseFiles } from './edit/build-release-files.js';
export { readReleaseContext, type ReadReleaseContextOptions, type ReleaseContext, type IgnoredVersionChange } from './io/read-release-context.js';
export { findReleaseBase, type FindReleaseBaseOptions } from './io/find-release-base.js';
export { findVersionChanges, type FindVersionChangesOptions, type RequestVersionChange } from './io/find-version-changes.js';
export { readRequestChangesets, type ReadRequestChangesetsOptions } from './io/read-request-changesets.js';
export { findRequestHeads, type FindRequestHeadsOptions } from './io/find-request-heads.js';
export { listWorkspaceDirs, type ListWorkspaceDirsOptions } from './io/list-workspace-dirs.js';
export { prepareRelease, type PrepareReleaseOptions, type PreparedRelease, type ReleaseSettings, type GithubSource } from './io/prepare-release.js';
export { chooseChangelogStyle, type ChooseChangelogStyleOptions } from './io/choose-changelog-style.js';
export { previewRelease, type PreviewReleaseOptions, type ReleasePreview } from './io/preview-release.js';
export { createReleasePort, type CreateReleasePortOptions } from './io/create-release-port.js';
