import type { GitIdentity } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readConfigValue } from './read-config-value.js';

/** Options of {@link defaultActor}. */
export interface DefaultActorOptions {
  repo: Repository;
  /** Epoch milliseconds; default now. */
  now?: number;
}

/**
 * Who a reflog entry names when the caller gives no actor, as git picks a committer: the
 * `GIT_COMMITTER_NAME`/`GIT_COMMITTER_EMAIL` environment variables, then `user.name`/`user.email`
 * of the repository config, then `relctl <relctl@localhost>`; the time is now in the local zone.
 *
 * @example
 * ```ts
 * const actor = await defaultActor({ repo });
 * ```
 */
export async function defaultActor({ repo, now }: DefaultActorOptions): Promise<GitIdentity> {
  const at = now ?? Date.now();
  const name = process.env['GIT_COMMITTER_NAME'] || (await readConfigValue({ repo, key: 'user.name' })) || 'relctl';
  const email = process.env['GIT_COMMITTER_EMAIL'] || (await readConfigValue({ repo, key: 'user.email' })) || 'relctl@localhost';
  return { name, email, timestamp: Math.floor(at / 1000), timezoneOffset: new Date(at).getTimezoneOffset() };
}
