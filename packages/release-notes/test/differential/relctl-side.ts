/**
 * The relctl side of the differential test: the same inputs through @relctl/release-notes.
 */
import { execFileSync } from 'node:child_process';
import { createSystemGitPort } from '@relctl/git';
import { GIT_TEST_ENV, createTempRepo, type TempRepo } from '@relctl/testing';
import { chooseChangelogStyle } from '../../src/io/choose-changelog-style.js';
import { prepareRelease, type ReleaseSettings } from '../../src/io/prepare-release.js';
import { buildReleaseFiles } from '../../src/edit/build-release-files.js';
import { matchGlob } from '../../src/glob/match-glob.js';
import { parseRequestChangeset } from '../../src/changeset/parse-request-changeset.js';
import { highestBump } from '../../src/plan/highest-bump.js';
import { packageReleases } from '../../src/plan/package-releases.js';
import { planRelease } from '../../src/plan/plan-release.js';
import type { ParsedChangeset, PackageJson, RepositoryKind, TreePackage } from '../../src/types.js';
import type { Files, Outcome } from './oracle.js';

const attempt = async <T>(run: () => T | Promise<T>): Promise<Outcome<T>> => {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] as string };
  }
};

/** `parseRequestChangeset`, as releases and summary (the repository form as a release named `bump`, changesets' reading). */
export function relctlParse(text: string) {
  return attempt(() => {
    const parsed = parseRequestChangeset({ id: 'case', text });
    return { form: parsed.form, releases: parsed.form === 'repository' ? [{ name: 'bump', type: parsed.bump }] : parsed.releases, summary: parsed.summary };
  });
}

/** A changesets config object as a user would write it in .changeset/config.json. */
export function writtenConfig(config: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const written: Record<string, unknown> = { ...(config ?? {}) };
  const snapshot = written.snapshot as { prereleaseTemplate?: unknown } | undefined;
  // The parsed form holds `prereleaseTemplate: null`, which the config file may not say.
  if (snapshot && snapshot.prereleaseTemplate === null) {
    const { prereleaseTemplate: _dropped, ...rest } = snapshot;
    written.snapshot = rest;
  }
  return written;
}

const toChangeset = (changeset: { id: string; summary: string; releases: Array<{ name: string; type: string }> }): ParsedChangeset => ({
  id: changeset.id,
  form: 'packages',
  releases: changeset.releases as ParsedChangeset['releases'],
  bump: highestBump(changeset.releases.map((release) => release.type) as never),
  summary: changeset.summary,
});

/** `planRelease` on an assemble-release-plan case (the manypkg packages as tree packages). */
export function relctlAssemble(input: {
  changesets: Array<{ id: string; summary: string; releases: Array<{ name: string; type: string }> }>;
  packages: { tool: string; root: { dir: string; packageJson: PackageJson }; packages: Array<{ dir: string; packageJson: PackageJson }> };
  config: Record<string, unknown>;
  preState: unknown;
}) {
  return attempt(() => {
    const kind: RepositoryKind = input.packages.tool === 'root' ? 'single' : 'workspaces';
    const tree = (pkg: { dir: string; packageJson: PackageJson }): TreePackage => ({
      dir: pkg.dir.replace(/^\/+/, ''),
      packageJson: pkg.packageJson,
      text: `${JSON.stringify(pkg.packageJson, null, 2)}\n`,
    });
    const packages = kind === 'single' ? [tree(input.packages.root)] : [tree(input.packages.root), ...input.packages.packages.map(tree)];
    const rootVersion = input.packages.root.packageJson.version;
    return planRelease({
      changesets: input.changesets.map(toChangeset),
      packages,
      currentVersion: typeof rootVersion === 'string' && /^\d+\.\d+\.\d+$/.test(rootVersion) ? rootVersion : '0.0.0',
      changesetConfig: writtenConfig(input.config),
      kind,
      ...(input.preState ? { preState: input.preState } : {}),
    });
  });
}

/** The tree packages of a fixture, found as relctl finds them (root `workspaces` globs). */
function treePackages(files: Files): { kind: RepositoryKind; packages: TreePackage[] } {
  const rootText = files['package.json'];
  if (rootText === undefined) return { kind: 'repository', packages: [] };
  const root = JSON.parse(rootText) as PackageJson;
  const packages: TreePackage[] = [{ dir: '', packageJson: root, text: rootText }];
  const globs = Array.isArray(root.workspaces) ? root.workspaces : (root.workspaces?.packages ?? null);
  if (globs === null) return { kind: 'single', packages };
  const dirs = Object.keys(files)
    .filter((path) => path.endsWith('/package.json'))
    .map((path) => path.slice(0, -'/package.json'.length))
    .filter((dir) => globs.some((pattern) => matchGlob({ path: dir, pattern })))
    .sort();
  for (const dir of dirs) packages.push({ dir, packageJson: JSON.parse(files[`${dir}/package.json`] as string) as PackageJson, text: files[`${dir}/package.json`] as string });
  return { kind: 'workspaces', packages };
}

/**
 * An apply-release-plan case through relctl: `planRelease` reads the plan's changesets (which
 * to consume, which to keep, refusals), the plan's own releases give the versions (upstream
 * wrote them by hand), and `buildReleaseFiles` writes the files.
 */
export function relctlApply(input: {
  files: Files;
  releasePlan: {
    changesets: Array<{ id: string; summary: string; releases: Array<{ name: string; type: string }> }>;
    releases: Array<{ name: string; type: string; oldVersion: string; newVersion: string; changesets: string[] }>;
  };
  config: Record<string, unknown>;
}) {
  return attempt(() => {
    const { kind, packages } = treePackages(input.files);
    const config = writtenConfig(input.config);
    const changesets = input.releasePlan.changesets.map(toChangeset);
    const root = packages[0]?.packageJson;
    const rootVersion = typeof root?.version === 'string' ? root.version : '0.0.0';
    const planned = planRelease({ changesets, packages, currentVersion: /^\d+\.\d+\.\d+$/.test(rootVersion) ? rootVersion : '0.0.0', changesetConfig: config, kind });
    const members = kind === 'single' ? packages : packages.filter((pkg) => pkg.dir !== '');
    for (const release of input.releasePlan.releases) {
      if (!members.some((pkg) => pkg.packageJson.name === release.name)) throw new Error(`no package ${release.name}`);
    }
    const parsedConfig = {
      updateInternalDependencies: (config.updateInternalDependencies ?? 'patch') as 'patch' | 'minor',
      bumpVersionsWithWorkspaceProtocolOnly: config.bumpVersionsWithWorkspaceProtocolOnly === true,
      ___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH: (config.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH ?? {}) as never,
    };
    const releases = packageReleases({ releases: input.releasePlan.releases as never, packages: members, config: parsedConfig });
    const single = kind === 'single' ? releases[0] : undefined;
    const plan = { ...planned, packages: releases, ...(single?.newVersion ? { version: single.newVersion } : {}) };
    const changelogs = Object.fromEntries(packages.map((pkg) => [pkg.dir, input.files[pkg.dir === '' ? 'CHANGELOG.md' : `${pkg.dir}/CHANGELOG.md`] ?? null]));
    const style = chooseChangelogStyle({ setting: 'auto', written: config.changelog });
    const built = buildReleaseFiles({
      plan,
      packages,
      requests: changesets.map((changeset) => ({ id: changeset.id, changeset })),
      changelogs,
      versionFile: null,
      changelog: style.kind === 'none' ? style : { kind: 'git' },
    });
    const after: Files = { ...input.files };
    for (const [path, text] of Object.entries(built.files)) {
      if (text === null) delete after[path];
      else after[path] = text;
    }
    return after;
  });
}

/** A repository-shaped case: files on main, requests with their changesets, pending changesets on main. */
export interface RepositoryCase {
  files: Files;
  /** Request id → its `.changeset/<id>.md` text (`null`: none) and whether a commit follows the changeset's. */
  requests: Record<string, { changeset: string | null; laterCommit?: boolean }>;
  /** Changeset files committed on main already, of requests not released (they must stay). */
  pending?: Files;
  tags?: string[];
  settings?: ReleaseSettings;
}

/** The story of a case as a git repository: main, one branch per request, merged with relctl's trailers. */
export function buildRepository(input: RepositoryCase): { repo: TempRepo; tip: string; heads: Record<string, string> } {
  const repo = createTempRepo();
  const when = `${Date.parse(GIT_TEST_ENV.GIT_AUTHOR_DATE as string) / 1000} +0000`;
  const person = `${GIT_TEST_ENV.GIT_AUTHOR_NAME} <${GIT_TEST_ENV.GIT_AUTHOR_EMAIL}> ${when}`;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const put = (files: Files) =>
    Object.entries(files)
      .map(([path, text]) => `M 100644 inline ${path}\n${data(text)}`)
      .join('');
  let mark = 0;
  const chunks: string[] = [];
  const commit = (ref: string, message: string, from: number | null, changes: string, merge?: number) => {
    mark += 1;
    chunks.push(
      `commit ${ref}\nmark :${mark}\nauthor ${person}\ncommitter ${person}\n${data(message)}${from === null ? '' : `from :${from}\n`}${merge === undefined ? '' : `merge :${merge}\n`}${changes}\n`,
    );
    return mark;
  };
  const first = commit('refs/heads/main', 'Initial commit', null, put(input.files));
  for (const tag of input.tags ?? []) chunks.push(`tag ${tag}\nfrom :${first}\ntagger ${person}\n${data(`Release ${tag}`)}`);
  let main = input.pending && Object.keys(input.pending).length > 0 ? commit('refs/heads/main', 'Pending changesets', first, put(input.pending)) : first;
  const heads: Record<string, number> = {};
  const added: Record<string, Files> = {};
  for (const [id, request] of Object.entries(input.requests)) {
    const files: Files = { [`src/${id}.txt`]: `work of ${id}\n` };
    if (request.changeset !== null) files[`.changeset/${id}.md`] = request.changeset;
    let head = commit(`refs/heads/req/${id}`, `Request ${id}`, first, put(files));
    added[id] = { ...files };
    if (request.laterCommit) {
      head = commit(`refs/heads/req/${id}`, `More work on ${id}`, head, put({ [`src/${id}.txt`]: `more work of ${id}\n` }));
      (added[id] as Files)[`src/${id}.txt`] = `more work of ${id}\n`;
    }
    heads[id] = head;
  }
  for (const id of Object.keys(input.requests)) {
    main = commit('refs/heads/main', `Merge request ${id} into prod\n\nRelctl-Request: ${id}\nRelctl-Env: prod`, main, put(added[id] as Files), heads[id]);
  }
  repo.git(['fast-import', '--quiet', '--done'], `${chunks.join('')}done\n`);
  repo.git(['reset', '-q', '--hard', 'main']);
  const ids = Object.keys(input.requests);
  const shas = repo.git(['rev-parse', ...ids.map((id) => `req/${id}`), 'main']).split('\n');
  return { repo, tip: shas[ids.length] as string, heads: Object.fromEntries(ids.map((id, index) => [id, shas[index] as string])) };
}

/** A file of a tree, byte for byte. */
function showFile(repo: TempRepo, tree: string, path: string): string {
  return execFileSync('git', ['cat-file', 'blob', `${tree}:${path}`], { cwd: repo.dir, env: { ...process.env, ...GIT_TEST_ENV } }).toString('utf8');
}

/** relctl's release of every request of the case: the files it changes (path → text, `null`: deleted). */
export async function relctlRelease(repo: TempRepo, tip: string, input: RepositoryCase) {
  const git = createSystemGitPort({ cwd: repo.dir });
  try {
    return await attempt(async () => {
      const release = await prepareRelease({
        git,
        commit: tip,
        requestIds: Object.keys(input.requests),
        tagPrefix: 'v',
        date: '2026-01-15',
        ...(input.settings ? { settings: input.settings } : {}),
      });
      const changed: Record<string, string | null> = {};
      const diff = repo.git(['diff', '--no-renames', '--name-status', tip, release.tree]).split('\n').filter(Boolean);
      for (const line of diff) {
        const [status, path] = line.split('\t') as [string, string];
        changed[path] = status === 'D' ? null : showFile(repo, release.tree, path);
      }
      return { changed, release };
    });
  } finally {
    git.close();
  }
}
