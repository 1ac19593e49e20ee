/**
 * Where relctl's releases deliberately differ from changesets (`changeset version` of
 * @changesets/cli 2.31), each with the reason. The differential test
 * (changesets.differential.test.ts) allows a difference only when a case is marked with one of
 * these kinds, and fails when a kind is never seen (so this list cannot go stale). The guide
 * (docs/guide/changesets.md, docs/ko/changesets.md) lists the same differences for users.
 */
export const DELIBERATE_DIFFERENCES = {
  'request-id': {
    what: 'Each changelog line names its request: `- A (1a2b3c4): note` where changelog-git writes `- 1a2b3c4: note`.',
    why: 'A release ships requests; the id ties each line to the request (and its branch, approvals and audit log).',
  },
  'commit-sha': {
    what: 'The SHA in a changelog line is the request head that was merged, not the commit that added the changeset file.',
    why: 'relctl computes releases on git objects without walking history for each file, and the head is the exact code that was tested and approved.',
  },
  'repository-version': {
    what: 'A monorepo (and a repository without package.json) also gets a repository version: a root CHANGELOG.md entry listing every request and the package versions, the root package.json version when it has one, and the tag.',
    why: 'A web service deploys the repository as a whole; the tag names what runs in production.',
  },
  'other-changes': {
    what: 'Requests whose bump is none (or that carry no changeset) are listed under "Other Changes" in the repository changelog when the version moves.',
    why: 'The repository changelog records everything that shipped to production, not only what bumped a version.',
  },
  'repository-form': {
    what: 'relctl reads its own changeset form `bump: minor` (no package named) as a bump of the repository version; changesets reads it as a package named "bump".',
    why: 'Repositories without a named package.json (a Java or PHP service) have no package to name.',
  },
  'no-package-json': {
    what: 'A repository without a package.json is released from a VERSION file or the tags; changesets cannot run there at all.',
    why: 'relctl serves services in any language, not only npm packages.',
  },
  'versionless-app': {
    what: 'A changeset naming only packages without a "version" (a private app) ships: it bumps the repository version, its note goes into the repository changelog and the file is consumed. changesets skips it and keeps the file. (Their dependency ranges are rewritten exactly as changesets rewrites them.)',
    why: "That is the usual shape of an app in a monorepo; its releases are the repository's. A kept file of a shipped request would never be released.",
  },
  subset: {
    what: 'A release consumes the changesets of exactly the promoted requests; other changeset files on the production branch stay. `changeset version` consumes every changeset present.',
    why: 'Promoting a chosen subset of requests is what relctl is for.',
  },
  'pre-mode': {
    what: 'With `.changeset/pre.json` (pre-release mode) relctl refuses to release, saying how to leave pre mode.',
    why: 'Pre-releases are not supported yet; a normal release would silently ignore the mode.',
  },
  snapshot: {
    what: 'There are no snapshot releases (`changeset version --snapshot`).',
    why: 'Production releases only; not supported yet.',
  },
  'strict-front-matter': {
    what: 'relctl refuses front matter that YAML (and so changesets) would read but that is outside the subset `changeset add` writes: text before the first `---`, flow maps, block scalars, anchors and tags, document markers, plain names YAML reads as numbers or null (`1.0`, `~`).',
    why: 'One small strict parser, shared by the `changeset` rule and the release, runs in linear time on untrusted request branches and reads every file the same way changesets does — or refuses it.',
  },
  limits: {
    what: 'A changeset file larger than 1 MiB, or with a front-matter line longer than 4096 characters, is refused.',
    why: 'Changesets come from request branches, which anyone with push access writes.',
  },
  'line-ends': {
    what: 'A note written with CRLF line ends is read with LF ones, and a CHANGELOG.md with CRLF line ends keeps them (changesets leaves CR in the note and, through prettier, writes the changelog with LF).',
    why: 'A changelog with one kind of line end; teams on Windows keep theirs.',
  },
  prettier: {
    what: 'relctl does not run prettier on changelogs: a note is written as the author wrote it (prettier would, for example, turn `* item` into `- item`).',
    why: "No formatter from the repository is loaded or run; the format of everything relctl itself writes already is prettier's.",
  },
  'legacy-format': {
    what: 'Changesets in the format of changesets 1 (a folder `.changeset/<id>/` with changes.json) are neither read nor removed.',
    why: 'relctl reads and writes the `.changeset/<id>.md` files of changesets 2 only; the folder format was replaced in 2019.',
  },
  'changelog-module': {
    what: 'relctl never loads the changelog module `.changeset/config.json` names; it writes the changelog-git style, or the changelog-github style when that module (or `release.changelog: github`) is configured. In these cases changesets runs with @changesets/changelog-git instead of the test-only module upstream used.',
    why: 'A module in the repository is code from the branch being released; relctl never runs code from a request.',
  },
} as const;

/** One kind of deliberate difference. */
export type DifferenceKind = keyof typeof DELIBERATE_DIFFERENCES;
