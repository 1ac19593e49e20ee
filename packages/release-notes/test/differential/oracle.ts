/**
 * The changesets side of the differential test: the real @changesets packages (the versions
 * @changesets/cli 2.31.1 installs), run on the inputs of a case.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import applyReleasePlan from '@changesets/apply-release-plan';
import assembleReleasePlan from '@changesets/assemble-release-plan';
import { defaultConfig, read as readConfig } from '@changesets/config';
import { getDependentsGraph } from '@changesets/get-dependents-graph';
import parseChangeset from '@changesets/parse';
import { readPreState } from '@changesets/pre';
import readChangesets from '@changesets/read';
import { shouldSkipPackage } from '@changesets/should-skip-package';
import type { Config } from '@changesets/types';
import { getPackages } from '@manypkg/get-packages';

const require = createRequire(import.meta.url);
/** The changelog module relctl's git style follows; the oracle uses it where upstream used a test-only module. */
export const CHANGELOG_GIT = require.resolve('@changesets/changelog-git');

/** Files of a tree, by slash-separated path. */
export type Files = Record<string, string>;

/** An outcome: what came out, or that it refused (and why, for the report). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

const attempt = async <T>(run: () => T | Promise<T>): Promise<Outcome<T>> => {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] as string };
  }
};

/** `@changesets/parse`. */
export function changesetsParse(text: string): Promise<Outcome<{ releases: Array<{ name: string; type: string }>; summary: string }>> {
  return attempt(() => parseChangeset(text) as { releases: Array<{ name: string; type: string }>; summary: string });
}

/** `@changesets/assemble-release-plan`, called as upstream's test called it. */
export function changesetsAssemble(input: { changesets: unknown; packages: unknown; config: unknown; preState: unknown; snapshot: unknown }) {
  return attempt(() =>
    assembleReleasePlan(input.changesets as never, input.packages as never, input.config as never, (input.preState ?? undefined) as never, (input.snapshot ?? undefined) as never),
  );
}

/** Write files into a new temp folder. */
export function writeTree(files: Files): string {
  const dir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'relctl-diff-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Every file under a folder (no .git, no node_modules). */
export function readTree(dir: string): Files {
  const files: Files = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (name === '.git' || name === 'node_modules') continue;
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/**
 * `@changesets/apply-release-plan` on a fixture, as upstream's test calls it, in a temp folder.
 * A test-only changelog module of upstream is replaced by @changesets/changelog-git.
 */
export async function changesetsApply(input: { files: Files; releasePlan: unknown; config: Record<string, unknown>; snapshot: unknown }) {
  const dir = writeTree(input.files);
  try {
    const changelog = input.config.changelog;
    const config = { ...input.config, changelog: Array.isArray(changelog) ? [CHANGELOG_GIT, changelog[1] ?? null] : changelog } as unknown as Config;
    return await attempt(async () => {
      await applyReleasePlan(input.releasePlan as never, await getPackages(dir), config, (input.snapshot ?? undefined) as never);
      return readTree(dir);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `changeset version` in `cwd`, in process: the checks of @changesets/cli's `run` for `version`
 * (skipped packages' public dependents), then its `version` command without committing —
 * read config, changesets and pre state, assemble, apply. Mirrors packages/cli/src/run.ts and
 * commands/version/index.ts at @changesets/cli@2.31.1.
 */
export async function changesetVersion(cwd: string): Promise<Outcome<void>> {
  return attempt(async () => {
    const packages = await getPackages(cwd);
    const config = await readConfig(packages.root.dir, packages);
    const byName = new Map(packages.packages.map((pkg) => [pkg.packageJson.name, pkg]));
    const graph = getDependentsGraph(packages, { ignoreDevDependencies: true, bumpVersionsWithWorkspaceProtocolOnly: config.bumpVersionsWithWorkspaceProtocolOnly } as never);
    const skip = (pkg: (typeof packages.packages)[number]) => shouldSkipPackage(pkg, { ignore: config.ignore, allowPrivatePackages: config.privatePackages.version });
    for (const pkg of packages.packages) {
      if (!skip(pkg)) continue;
      for (const dependent of graph.get(pkg.packageJson.name) ?? []) {
        const dependentPkg = byName.get(dependent);
        if (dependentPkg && !dependentPkg.packageJson.private && !skip(dependentPkg)) {
          throw new Error(`The package "${dependent}" depends on the skipped package "${pkg.packageJson.name}"`);
        }
      }
    }
    const [changesets, preState] = await Promise.all([readChangesets(cwd), readPreState(cwd)]);
    if (changesets.length === 0 && (preState === undefined || preState.mode !== 'exit')) return;
    const plan = assembleReleasePlan(changesets, packages, config, preState);
    await applyReleasePlan(plan, packages, config, undefined);
  });
}

export { defaultConfig };
