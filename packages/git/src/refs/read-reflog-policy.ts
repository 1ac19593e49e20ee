import type { Repository } from '../repo/repository.js';
import { readConfigValue } from './read-config-value.js';

/** Which refs get a reflog created for them (a ref whose log file exists is always logged). */
export interface ReflogPolicy {
  /** `core.logAllRefUpdates` as git resolves it. */
  mode: 'always' | 'normal' | 'none';
  /** Whether a missing log file should be created for `ref` (a full name, or `HEAD`). */
  autoCreate(ref: string): boolean;
}

/** Options of {@link readReflogPolicy}. */
export interface ReadReflogPolicyOptions {
  repo: Repository;
}

/**
 * Resolve `core.logAllRefUpdates` the way git does: unset means `true` in a repository with a
 * worktree and `false` in a bare one; `true` creates logs for `refs/heads/`, `refs/remotes/`,
 * `refs/notes/` and `HEAD`; `always` for every ref.
 *
 * @example
 * ```ts
 * const policy = await readReflogPolicy({ repo });
 * policy.autoCreate('refs/heads/main'); // true in a normal clone
 * ```
 */
export async function readReflogPolicy({ repo }: ReadReflogPolicyOptions): Promise<ReflogPolicy> {
  const raw = (await readConfigValue({ repo, key: 'core.logAllRefUpdates' }))?.toLowerCase();
  let mode: ReflogPolicy['mode'];
  if (raw === 'always') mode = 'always';
  else if (raw === undefined) mode = repo.dir === null ? 'none' : 'normal';
  else mode = ['true', 'yes', 'on', '1'].includes(raw) ? 'normal' : 'none';
  return {
    mode,
    autoCreate(ref) {
      if (mode === 'always') return true;
      if (mode === 'none') return false;
      return ref === 'HEAD' || ref.startsWith('refs/heads/') || ref.startsWith('refs/remotes/') || ref.startsWith('refs/notes/');
    },
  };
}
