import { randomBytes } from 'node:crypto';
import { rename, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Options of {@link switchCurrent}.
 *
 * @example
 * ```ts
 * await switchCurrent({ root: '/srv/app', release: null }); // remove the `current` link
 * ```
 */
export interface SwitchCurrentOptions {
  /** Deploy root holding `releases/` and `current`. */
  root: string;
  /** Release folder name to point `current` at; `null` removes `current`. */
  release: string | null;
}

/**
 * Point `<root>/current` at `releases/<release>` atomically: a new relative symlink
 * `current.tmp-<random>` is renamed over `current` (one `rename(2)`), so a reader sees either
 * the old release or the new one, never nothing.
 *
 * @example
 * ```ts
 * await switchCurrent({ root: '/srv/app', release: '1.4.0' });
 * ```
 */
export async function switchCurrent(options: SwitchCurrentOptions): Promise<void> {
  const current = join(options.root, 'current');
  if (options.release === null) {
    await unlink(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return;
  }
  const temp = join(options.root, `current.tmp-${randomBytes(6).toString('hex')}`);
  await symlink(`releases/${options.release}`, temp);
  try {
    await rename(temp, current);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
