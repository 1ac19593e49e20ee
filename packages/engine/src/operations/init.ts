import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateError, UsageError, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { defaultConfigYaml } from '../config/default-config-yaml.js';
import { describeVersion } from '../facts/describe-version.js';
import { branchRef, releaseEnvironment } from '../facts/gather-facts.js';

/**
 * Options of {@link init}.
 *
 * @example
 * ```ts
 * const options: InitOptions = { session, dryRun: true, initialVersion: '1.4.2' };
 * ```
 */
export interface InitOptions {
  /** An open session (see `openSession`), opened with `worktreeConfig: 'ignore'`. */
  session: CliContext;
  /** Say what would be done; change nothing. */
  dryRun?: boolean;
  /**
   * The version the service runs today, for a repository with no release tag and no version file:
   * production's tip is tagged `<tagPrefix><version>` and the first release counts from there.
   */
  initialVersion?: string;
}

/**
 * What {@link init} did (or, in a dry run, would do).
 *
 * @example
 * ```ts
 * const { actions, productionBranch } = await init({ session });
 * console.log(`${productionBranch.branch}: ${actions.join('; ')}`);
 * ```
 */
export interface InitResult {
  dryRun: boolean;
  /** One line per change, in order (`write …`, `create branch …`, `tag …`). */
  actions: string[];
  /** The production branch, and how relctl found it. */
  productionBranch: { branch: string; tip: Sha; foundBy: CliContext['productionBranchFoundBy'] };
  /** The version production runs as relctl sees it (`1.4.2`, `1.4.2+3`), or `null` when nothing says. */
  version: string | null;
  /** Advice that is not a change (where versions will start, what to push). */
  notes: string[];
}

/** `1.4.2`: what `--initial-version` must look like (no pre-release: a release tag is a release). */
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * Set relctl up in a repository, safe to run twice: the commented config (releasing on the
 * production branch found: `git config relctl.productionBranch`, origin's default branch, `main`
 * or `master`), `.changeset/`, the integration branches at production's tip and, for a service
 * with no release tag and no version file, the tag of the version it runs today
 * (`initialVersion`). A refusal changes nothing.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: '/srv/shop', worktreeConfig: 'ignore' });
 * const result = await init({ session, initialVersion: '2.3.0' });
 * // result.actions: ['write /srv/shop/relctl.config.yaml', …, 'tag master (3f2a1c0) as v2.3.0, the version running today']
 * ```
 */
export async function init(options: InitOptions): Promise<InitResult> {
  const { session } = options;
  const dryRun = options.dryRun === true;
  if (options.initialVersion !== undefined && !VERSION.test(options.initialVersion)) {
    throw new UsageError(`--initial-version "${options.initialVersion}" is not a version like 1.4.2; give major.minor.patch, the version the service runs today.`, {
      initialVersion: options.initialVersion,
    });
  }
  const release = releaseEnvironment(session.policy);
  const releaseTip = await session.git.readRef(branchRef(release.branch));
  if (!releaseTip) {
    throw new StateError(
      `The production branch "${release.branch}" has no commits yet; commit your code to it first, then run "relctl init" (or name another branch with "git config relctl.productionBranch <branch>").`,
      { branch: release.branch },
    );
  }
  const short = releaseTip.slice(0, 7);
  const version = await describeVersion({ git: session.git, repo: session.repo, tagPrefix: session.policy.tagPrefix, tip: releaseTip });
  const versionFile = await productionVersionFile(session, releaseTip);
  const notes: string[] = [];
  const actions: string[] = [];
  let initialTag: string | null = null;
  if (options.initialVersion !== undefined) {
    const existing = version === null ? null : `${session.policy.tagPrefix}${version.replace(/\+\d+$/, '')}`;
    if (existing !== null || versionFile !== null) {
      const what = existing !== null ? `release tag ${existing}` : `a version in ${versionFile}`;
      throw new StateError(`${release.branch} already has ${what}; relctl continues from it (--initial-version is for a service with no release tags).`, {
        branch: release.branch,
        ...(existing !== null ? { tag: existing } : { file: versionFile }),
      });
    }
    initialTag = `${session.policy.tagPrefix}${options.initialVersion}`;
  } else if (version === null && versionFile === null) {
    notes.push(
      `no release tag ${session.policy.tagPrefix}* on ${release.branch}: the first release will count from 0.0.0 (a minor change makes it 0.1.0); to continue from the version you run today, use --initial-version <version>`,
    );
  }

  const writeFiles = session.repo.dir !== null;
  const configPath = join(session.root, 'relctl.config.yaml');
  const writeConfig = !session.configFile && writeFiles && !existsSync(configPath);
  if (writeConfig) actions.push(`write ${configPath}`);
  const changesetDir = join(session.root, '.changeset');
  const writeChangesets = writeFiles && !existsSync(changesetDir);
  if (writeChangesets) actions.push(`create ${changesetDir}/ (config.json, README.md)`);
  const missing = [];
  for (const env of session.policy.environments) {
    if (env.kind !== 'integration') continue;
    if (!(await session.git.readRef(branchRef(env.branch)))) missing.push(env);
  }
  for (const env of missing) actions.push(`create branch ${env.branch} for ${env.name} at ${release.branch} (${short})`);
  if (initialTag !== null) {
    actions.push(`tag ${release.branch} (${short}) as ${initialTag}, the version running today`);
    notes.push(`share the tag with the team: git push ${session.policy.remote ?? 'origin'} ${initialTag}`);
  }

  if (!dryRun) {
    if (writeConfig) writeFileSync(configPath, defaultConfigYaml({ productionBranch: release.branch }));
    if (writeChangesets) createChangesetFolder(changesetDir, release.branch);
    const updates = missing.map((env) => ({ ref: branchRef(env.branch), expected: null, next: releaseTip }));
    if (initialTag !== null) {
      const { identity, now } = session.runOptions;
      const tag = await session.git.writeTag({
        name: initialTag,
        target: releaseTip,
        message: `Release ${options.initialVersion} (the version running when relctl was adopted)`,
        tagger: { name: identity.name, email: identity.email, timestamp: Math.floor(now() / 1000), timezoneOffset: 0 },
      });
      updates.push({ ref: `refs/tags/${initialTag}`, expected: null, next: tag });
    }
    // One transaction: the integration branches and the tag appear together or not at all.
    if (updates.length > 0) await session.git.updateRefs(updates, { message: 'relctl: init' });
  }
  return {
    dryRun,
    actions,
    productionBranch: { branch: release.branch, tip: releaseTip, foundBy: session.productionBranchFoundBy },
    version: initialTag !== null && !dryRun ? (options.initialVersion ?? null) : version,
    notes,
  };
}

/** `package.json` with a version, or `VERSION`, on production: where the release notes take the version from before any tag. */
async function productionVersionFile(session: CliContext, tip: Sha): Promise<string | null> {
  const versionFile = await session.git.readFile(tip, 'VERSION');
  if (versionFile !== null) return 'VERSION';
  const manifest = await session.git.readFile(tip, 'package.json');
  if (manifest === null) return null;
  try {
    const version = (JSON.parse(new TextDecoder().decode(manifest)) as { version?: unknown }).version;
    return typeof version === 'string' ? 'package.json' : null;
  } catch {
    return null;
  }
}

function createChangesetFolder(dir: string, baseBranch: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'config.json'),
    `${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'restricted', baseBranch, updateInternalDependencies: 'patch', ignore: [] }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'README.md'),
    '# Changesets\n\nEach relctl request carries one file here, `.changeset/<id>.md`: the version bump and the release note.\nrelctl consumes exactly the files of the requests it ships.\n',
  );
}
