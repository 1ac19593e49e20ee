import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';

/** Options of {@link dropPackedRefs}. */
export interface DropPackedRefsOptions {
  repo: Repository;
  /** Full ref names to remove from `packed-refs`. */
  refs: string[];
}

/**
 * Rewrite `<commonDir>/packed-refs` without `refs` (and their peeled `^` lines), through
 * `<commonDir>/packed-refs.lock`, which the caller already holds: the new content is written
 * into the lock, fsynced and renamed into place. When none of `refs` is packed the lock is just
 * removed. Returns whether `packed-refs` changed.
 *
 * @example
 * ```ts
 * await dropPackedRefs({ repo, refs: ['refs/heads/old-topic'] });
 * ```
 */
export async function dropPackedRefs({ repo, refs }: DropPackedRefsOptions): Promise<boolean> {
  const fs = repo.fs.promises;
  const path = join(repo.commonDir, 'packed-refs');
  const lock = `${path}.lock`;
  let text = '';
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  const drop = new Set(refs);
  const kept: string[] = [];
  let dropping = false;
  let changed = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('^')) {
      if (!dropping) kept.push(line);
      continue;
    }
    const name = line.startsWith('#') ? '' : line.slice(line.indexOf(' ') + 1);
    dropping = name !== '' && drop.has(name);
    if (dropping) changed = true;
    else kept.push(line);
  }
  if (!changed) {
    await fs.rm(lock, { force: true });
    return false;
  }
  const handle = await fs.open(lock, 'w');
  try {
    await handle.writeFile(kept.join('\n'), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(lock, path);
  return true;
}
