import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError } from '@relctl/core';

/**
 * Options of {@link readCurrentRelease}.
 *
 * @example
 * ```ts
 * const current = await readCurrentRelease({ root: '/srv/app' });
 * ```
 */
export interface ReadCurrentReleaseOptions {
  /** Deploy root holding `releases/` and `current`. */
  root: string;
}

/**
 * The release `<root>/current` points to (its folder name under `releases/`), or `null` when
 * there is no `current` yet. A `current` that is not a symlink into `releases/` is a
 * `StateError`: relctl does not replace what it did not make.
 *
 * @example
 * ```ts
 * await readCurrentRelease({ root: '/srv/app' }); // '1.4.0'
 * ```
 */
export async function readCurrentRelease(options: ReadCurrentReleaseOptions): Promise<string | null> {
  const current = join(options.root, 'current');
  let stat;
  try {
    stat = await lstat(current);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!stat.isSymbolicLink()) {
    throw new StateError(`${current} is not a symlink relctl made; move it away so relctl can manage the releases.`, { path: current });
  }
  const target = await readlink(current);
  const match = /^(?:\.\/)?releases\/([^/]+)\/?$/.exec(target);
  if (!match?.[1]) {
    throw new StateError(`${current} points to ${target}, outside ${join(options.root, 'releases')}; point it at a release or remove it.`, {
      path: current,
      target,
    });
  }
  return match[1];
}
