import git from 'isomorphic-git';
import type { Repository } from '../repo/index.js';
import { errorCode } from './error-code.js';

/** Options of {@link hasObject}. */
export interface HasObjectOptions {
  repo: Repository;
  oid: string;
}

/**
 * Whether the object database of `repo` holds `oid` (loose or in a pack).
 *
 * @example
 * ```ts
 * if (!(await hasObject({ repo, oid }))) await fetchIt();
 * ```
 */
export async function hasObject(options: HasObjectOptions): Promise<boolean> {
  const { repo, oid } = options;
  try {
    await git.readObject({ fs: repo.fs, gitdir: repo.commonDir, cache: repo.cache, oid, format: 'content' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'NotFoundError') return false;
    throw error;
  }
}
