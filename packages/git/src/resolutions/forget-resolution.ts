import type { GitPort } from '@relctl/core';
import { RESOLUTIONS_PREFIX } from './resolution-key.js';

/**
 * Options of {@link forgetResolution}.
 *
 * @example
 * ```ts
 * const removed = await forgetResolution({ git, key: '5f0c…' }); // true when it existed
 * ```
 */
export interface ForgetResolutionOptions {
  git: GitPort;
  key: string;
}

/**
 * Delete the resolution recorded under `key` (its ref; the objects go with the next gc).
 *
 * @returns Whether there was one.
 * @example
 * ```ts
 * await forgetResolution({ git, key: '5f0c…' });
 * ```
 */
export async function forgetResolution(options: ForgetResolutionOptions): Promise<boolean> {
  const ref = `${RESOLUTIONS_PREFIX}${options.key}`;
  const current = await options.git.readRef(ref);
  if (current === null) return false;
  await options.git.updateRefs([{ ref, expected: current, next: null }], { message: 'relctl: forget resolution' });
  return true;
}
