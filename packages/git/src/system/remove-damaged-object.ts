import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { checkLooseObject } from '../objects/check-loose-object.js';

/** Options of {@link removeDamagedObject}. */
export interface RemoveDamagedObjectOptions {
  /** The repository's objects folder (`git rev-parse --git-path objects`). */
  objectsDir: string;
  oid: string;
}

/**
 * Remove the loose file of `oid` when it is damaged (it does not inflate or hash to its id; see
 * `checkLooseObject`), so that git writes the object anew instead of keeping the broken file.
 * Nothing can read such a file. Returns whether a file was removed; a whole file, or none, is left alone.
 *
 * @example
 * ```ts
 * if (await removeDamagedObject({ objectsDir, oid })) await writeItAgain();
 * ```
 */
export async function removeDamagedObject({ objectsDir, oid }: RemoveDamagedObjectOptions): Promise<boolean> {
  const path = join(objectsDir, oid.slice(0, 2), oid.slice(2));
  const found = await checkLooseObject({ fs: nodeFs, path, oid });
  if (found.state !== 'damaged') return false;
  await nodeFs.promises.rm(path, { force: true });
  return true;
}
