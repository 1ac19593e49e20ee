import { readConfigValue, type Repository } from '@relctl/git';

/** Options of {@link readOffline}. */
export interface ReadOfflineOptions {
  repo: Repository;
  env: Readonly<Record<string, string | undefined>>;
  /** `--offline` was given. */
  flag: boolean;
}

/**
 * What asked for reading offline, as a person would name it; `null`: fetch before reading.
 *
 * @example
 * ```ts
 * if (session.offline !== null) console.log(`reading this clone's refs only (${session.offline})`);
 * ```
 */
export type OfflineSource = '--offline' | 'RELCTL_OFFLINE' | 'relctl.offline' | null;

/**
 * Whether read commands and dry runs read only this clone's refs (no fetch first), and who said
 * so: `--offline`, else `RELCTL_OFFLINE` (`1`/`true`), else `git config relctl.offline` in this
 * repository. A person's choice for their clone (a slow or absent network), so it lives in git's
 * config or the environment, not in the team's relctl config. Writing commands always fetch:
 * they push.
 */
export async function readOffline(options: ReadOfflineOptions): Promise<OfflineSource> {
  if (options.flag) return '--offline';
  const fromEnv = options.env.RELCTL_OFFLINE;
  if (fromEnv !== undefined && fromEnv !== '') return isTrue(fromEnv) ? 'RELCTL_OFFLINE' : null;
  const fromConfig = await readConfigValue({ repo: options.repo, key: 'relctl.offline' });
  return fromConfig !== undefined && isTrue(fromConfig) ? 'relctl.offline' : null;
}

function isTrue(value: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}
