import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StateError, type GitPort, type Sha } from '@relctl/core';
import { childEnv } from '../process/child-env.js';
import type { DeployOutput } from '../process/deploy-output.js';
import { relctlDeployEnv, type DeployRequest } from '../process/relctl-deploy-env.js';
import { runDeployProcess } from '../process/run-deploy-process.js';
import type { DeployCommand, DirectoryDeploySettings } from '../settings/deploy-settings-schema.js';
import { exportTree } from '../tree/export-tree.js';
import { acquireDeployLock } from './acquire-deploy-lock.js';
import { pruneReleases } from './prune-releases.js';
import { liveRelease } from './live-release.js';
import { releaseName } from './release-name.js';
import { releaseRecords } from './release-records.js';
import { switchCurrent } from './switch-current.js';

/**
 * Options of {@link deployToDirectory}.
 *
 * @example
 * ```ts
 * await deployToDirectory({ git, settings, env: 'prod', sha, version: '1.4.0', actor: 'Ann <ann@example.com>', output: console.log, lockWaitMs: 60_000 });
 * ```
 */
export interface DeployToDirectoryOptions {
  git: GitPort;
  /** Validated settings (`validateDeploySettings`). */
  settings: DirectoryDeploySettings;
  /** Environment being deployed. */
  env: string;
  /** The exact commit to deploy. */
  sha: Sha;
  /** Release version; names the release folder when set (else the SHA does). */
  version?: string | null;
  requests?: readonly DeployRequest[];
  /** Receives hook output and relctl's notes line by line, prefixed `[deploy <env>] `. */
  output: DeployOutput;
  /** Who deploys (`Name <email>`), written into the lock file. */
  actor: string;
  /** Wait this long for a concurrent deploy to the same root before refusing. Default 30000. */
  lockWaitMs?: number;
  /** Folder a relative `settings.path` resolves against (the config's folder). Default `process.cwd()`. */
  baseDir?: string;
  /** Environment hooks inherit (`RELCTL_*` from it are dropped). Default `process.env`. */
  baseEnv?: Record<string, string | undefined>;
  /** Clock for the release records. Default `Date.now`. */
  now?: () => number;
  /** Aborting stops a running hook's process group. */
  signal?: AbortSignal;
}

/**
 * Outcome of a `directory` deploy.
 *
 * @example
 * ```ts
 * const result: DirectoryDeployResult = await deployToDirectory(options);
 * console.log(`${result.previous} -> ${result.current}; pruned ${result.pruned.join(', ') || 'nothing'}`);
 * ```
 */
export interface DirectoryDeployResult {
  ok: boolean;
  /** Exit status of the hook that failed; 0 when every hook passed; `null` when a hook was killed or could not start. */
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  /** Deploy root (`settings.path`, resolved). */
  root: string;
  /** Folder name of this deploy's release under `releases/`. */
  release: string;
  /** What `current` pointed to before. */
  previous: string | null;
  /** What `current` points to now. */
  current: string | null;
  /** The release folder already held this SHA and was used as is (a redeploy or a rollback). */
  reused: boolean;
  /** The hook that failed, when one did. */
  failedStep?: 'before' | 'after';
  /** Releases removed to keep `settings.keep`. */
  pruned: string[];
  /**
   * `current` pointed at a release a killed deploy had switched to and never verified (its
   * `after` hook did not pass) when this deploy started: that release, for the audit log.
   */
  unverified?: { release: string; sha: string; version: string | null };
}

/**
 * Deploy with the `directory` strategy (Capistrano layout) under `settings.path`:
 *
 * 1. take `<path>/.relctl-deploy.lock` (O_EXCL; waits up to `lockWaitMs`, then refuses naming the holder);
 * 2. fill `releases/<version-or-sha>/` with the exact tree of `sha`, read from git objects
 *    through the {@link GitPort} (modes and symlinks kept; the user's checkout is untouched),
 *    exported into a hidden folder first and renamed into place, so a release folder is always
 *    complete; a folder that already holds this SHA is reused as is (redeploys and rollbacks);
 * 3. run `before` in the new release (cwd and `RELCTL_SOURCE_DIR` are the release folder); if it
 *    fails, `current` is never switched;
 * 4. switch `current` to the release in one atomic rename;
 * 5. run `after`; if it fails, `current` is switched back to the previous release in one rename
 *    (or removed when there was none) and the deployment is failed — when the previous release
 *    was never verified (a deploy killed after switching `current`), back to the last verified one;
 * 6. on success, prune to the last `keep` releases, never removing `current` or the previous one.
 *
 * Each hook's process group is recorded in the lock while it runs, and stopped by a watchdog if
 * relctl dies (see `runDeployProcess`). A failed deploy removes the release folder it created. Hook failures are results (`ok:
 * false`, `failedStep`), not exceptions. Hooks also see `RELCTL_RELEASE`,
 * `RELCTL_RELEASE_DIR`, `RELCTL_PREVIOUS_RELEASE` and `RELCTL_DEPLOY_PATH`.
 *
 * A rollback is this same call with the target's SHA and version (`rollbackTarget`): its
 * release folder still exists, so `current` moves back in one rename.
 *
 * @example
 * ```ts
 * const result = await deployToDirectory({
 *   git, env: 'prod', sha, version: '1.4.0', actor: 'Ann <ann@example.com>',
 *   settings: { strategy: 'directory', path: '/srv/app', keep: 5, timeoutSeconds: 600, after: ['systemctl', 'restart', 'app'] },
 *   output: (line) => process.stdout.write(`${line}\n`),
 * });
 * if (!result.ok) console.error(`deploy failed in ${result.failedStep}; current is ${result.current}`);
 * ```
 */
export async function deployToDirectory(options: DeployToDirectoryOptions): Promise<DirectoryDeployResult> {
  const started = performance.now();
  const { settings, output } = options;
  const now = options.now ?? Date.now;
  const prefix = `[deploy ${options.env}] `;
  const root = resolve(options.baseDir ?? process.cwd(), settings.path);
  const name = releaseName({ sha: options.sha, version: options.version ?? null });
  const releasesDir = join(root, 'releases');
  await mkdir(releasesDir, { recursive: true });

  const lock = await acquireDeployLock({
    root,
    actor: options.actor,
    env: options.env,
    sha: options.sha,
    waitMs: options.lockWaitMs ?? 30_000,
    now,
  });
  try {
    const records = releaseRecords({ root });
    const live = await liveRelease({ root });
    const previous = live.current;
    // Where an after-hook failure goes back to: the previous release, unless a killed deploy had
    // switched to it without verifying it — then the last release a deploy verified.
    const fallback = live.verified || live.lastVerified === null || live.lastVerified.name === name ? previous : live.lastVerified.name;
    const unverified = !live.verified && previous !== null && live.record !== null ? { release: previous, sha: live.record.sha, version: live.record.version } : undefined;
    if (unverified) {
      output(
        `${prefix}current is releases/${unverified.release}, which a deploy switched to and never verified (it was killed before its after hook passed); the last verified release is ${live.lastVerified?.name ?? '(none)'}`,
        'relctl',
      );
    }
    const releaseDir = join(releasesDir, name);
    await removeIncoming(releasesDir);

    let reused = false;
    if (await exists(releaseDir)) {
      const record = await records.read(name);
      if (record?.sha !== options.sha) {
        throw new StateError(
          `${releaseDir} already holds ${record ? record.sha : 'files relctl did not write'}, not ${options.sha}; remove that folder or deploy under another version.`,
          { releaseDir, expected: options.sha, found: record?.sha ?? null },
        );
      }
      reused = true;
      output(`${prefix}release ${name} already holds ${options.sha.slice(0, 12)}; using it`, 'relctl');
    } else {
      const incoming = join(releasesDir, `.incoming-${name}-${randomBytes(6).toString('hex')}`);
      const exported = await exportTree({ git: options.git, commit: options.sha, dir: incoming });
      await records.write(name, { sha: options.sha, version: options.version ?? null, env: options.env, createdAt: now(), activatedSeq: 0 });
      await rename(incoming, releaseDir);
      output(`${prefix}exported ${options.sha.slice(0, 12)} into releases/${name} (${exported.files} files, ${exported.symlinks} symlinks)`, 'relctl');
    }

    const relctl = relctlDeployEnv({
      env: options.env,
      sha: options.sha,
      version: options.version ?? null,
      requests: options.requests ?? [],
      sourceDir: releaseDir,
      extra: {
        RELCTL_RELEASE: name,
        RELCTL_RELEASE_DIR: releaseDir,
        RELCTL_PREVIOUS_RELEASE: previous ?? '',
        RELCTL_DEPLOY_PATH: root,
      },
    });
    const env = childEnv({ base: options.baseEnv ?? process.env, relctl });
    const hook = async (step: 'before' | 'after', command: DeployCommand) => {
      // The lock names the hook's process group while it runs: if relctl is killed and the
      // watchdog cannot stop the hook, a takeover sees it still running.
      let recorded: Promise<void> = Promise.resolve();
      const ran = await runDeployProcess({
        command,
        cwd: releaseDir,
        env,
        timeoutMs: settings.timeoutSeconds * 1000,
        prefix,
        output,
        onStart: (pgid) => {
          recorded = lock.recordHook({ step, pgid, since: new Date(now()).toISOString() }).catch(() => undefined);
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await recorded;
      await lock.recordHook(null).catch(() => undefined);
      return ran;
    };
    const result = (fields: Partial<DirectoryDeployResult> & Pick<DirectoryDeployResult, 'ok' | 'current'>): DirectoryDeployResult => ({
      exitCode: 0,
      timedOut: false,
      root,
      release: name,
      previous,
      reused,
      pruned: [],
      ...(unverified ? { unverified } : {}),
      ...fields,
      durationMs: Math.round(performance.now() - started),
    });
    const discardIfNew = async (): Promise<void> => {
      if (reused || name === previous) return;
      await rm(releaseDir, { recursive: true, force: true });
      await records.remove(name);
    };

    if (settings.before !== undefined) {
      const before = await hook('before', settings.before);
      if (!before.ok) {
        output(`${prefix}before hook failed (${describeEnd(before)}); current stays on ${previous ?? '(none)'}${unverified ? ' (not verified)' : ''}`, 'relctl');
        await discardIfNew();
        return result({ ok: false, current: previous, exitCode: before.exitCode, timedOut: before.timedOut, failedStep: 'before' });
      }
    }

    if (previous !== name) await switchCurrent({ root, release: name });

    if (settings.after !== undefined) {
      const after = await hook('after', settings.after);
      if (!after.ok) {
        if (fallback !== name) await switchCurrent({ root, release: fallback });
        output(`${prefix}after hook failed (${describeEnd(after)}); switched current back to ${fallback ?? '(none)'}`, 'relctl');
        await discardIfNew();
        return result({ ok: false, current: fallback === name ? name : fallback, exitCode: after.exitCode, timedOut: after.timedOut, failedStep: 'after' });
      }
    }

    const all = await records.all();
    const seq = Math.max(0, ...[...all.values()].map((record) => record.activatedSeq || 0)) + 1;
    const record = all.get(name) ?? { sha: options.sha, version: options.version ?? null, env: options.env, createdAt: now(), activatedSeq: 0 };
    await records.write(name, { ...record, activatedSeq: seq });
    const pruned = await pruneReleases({ root, keep: settings.keep, protect: [name, previous, fallback] });
    if (pruned.length > 0) output(`${prefix}removed old releases ${pruned.join(', ')}`, 'relctl');
    output(`${prefix}current is now ${name}`, 'relctl');
    return result({ ok: true, current: name, pruned });
  } finally {
    await lock.release();
  }
}

function describeEnd(result: { exitCode: number | null; signal: string | null; timedOut: boolean; startError?: string }): string {
  if (result.startError !== undefined) return `could not start: ${result.startError}`;
  if (result.timedOut) return 'timed out';
  return result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit status ${result.exitCode}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Remove exports a crashed deploy left behind (the caller holds the lock, so none is in progress). */
async function removeIncoming(releasesDir: string): Promise<void> {
  for (const entry of await readdir(releasesDir)) {
    if (entry.startsWith('.incoming-')) await rm(join(releasesDir, entry), { recursive: true, force: true });
  }
}
