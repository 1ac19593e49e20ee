import { dirname, resolve } from 'node:path';
import { liveRelease, type DeploySettings } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { deploySettingsOf } from './deploy-settings-of.js';

/**
 * A release the deploy root serves that no deploy verified (a deploy was killed in or before its after hook).
 *
 * @example
 * ```ts
 * const found: UnverifiedRelease = { release: 'v1.1.0', sha, version: '1.1.0', lastVerified: 'v1.0.0', root: '/srv/prod' };
 * console.log(unverifiedNote('prod', found));
 * ```
 */
export interface UnverifiedRelease {
  release: string;
  sha: string;
  version: string | null;
  /** The release a deploy verified most recently, or `null`. */
  lastVerified: string | null;
  /** The deploy root. */
  root: string;
}

/** Options of {@link unverifiedRelease}. */
export interface UnverifiedReleaseOptions {
  context: Pick<CliContext, 'configFile' | 'root'>;
  settings: DeploySettings;
}

/**
 * The unverified releases of every `directory` environment of the policy (see
 * {@link unverifiedRelease}), by environment name; environments without deploy settings, or with
 * settings that do not validate, are left out (`deploy` reports those).
 *
 * @example
 * ```ts
 * const found = await unverifiedReleases({ context });
 * ```
 */
export async function unverifiedReleases(options: { context: Pick<CliContext, 'configFile' | 'root' | 'policy'> }): Promise<Map<string, UnverifiedRelease>> {
  const found = new Map<string, UnverifiedRelease>();
  for (const env of options.context.policy.environments) {
    if (env.deploy === undefined) continue;
    let settings: DeploySettings;
    try {
      settings = deploySettingsOf(options.context.policy, env);
    } catch {
      continue;
    }
    const unverified = await unverifiedRelease({ context: options.context, settings });
    if (unverified) found.set(env.name, unverified);
  }
  return found;
}

/**
 * For a `directory` environment whose deploy root is on this machine: the release `current`
 * points to when a deploy switched to it and never verified it (killed before its `after` hook
 * passed), else `null`. Read-only; a root that is missing or not relctl's reads as `null`.
 *
 * @example
 * ```ts
 * const unverified = await unverifiedRelease({ context, settings });
 * if (unverified) console.log(`current is releases/${unverified.release}, not verified`);
 * ```
 */
export async function unverifiedRelease(options: UnverifiedReleaseOptions): Promise<UnverifiedRelease | null> {
  const { settings, context } = options;
  if (settings.strategy !== 'directory') return null;
  const root = resolve(context.configFile ? dirname(context.configFile) : context.root, settings.path);
  try {
    const live = await liveRelease({ root });
    if (live.verified || live.current === null || live.record === null) return null;
    return { release: live.current, sha: live.record.sha, version: live.record.version, lastVerified: live.lastVerified?.name ?? null, root };
  } catch {
    return null;
  }
}

/**
 * The note `status`, `deploy` and `rollback` print about an unverified release.
 *
 * @example
 * ```ts
 * notes.push(unverifiedNote('prod', unverified));
 * ```
 */
export function unverifiedNote(env: string, unverified: Pick<UnverifiedRelease, 'release' | 'sha' | 'lastVerified'>): string {
  return `${env}: current is releases/${unverified.release} (${unverified.sha.slice(0, 7)}), not verified: a deploy switched to it and was killed before its after hook passed; "relctl rollback ${env}" goes back to ${unverified.lastVerified ?? 'the last verified release'}, "relctl deploy ${env}" deploys again.`;
}
