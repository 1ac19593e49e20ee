import { removeDamagedObject } from './remove-damaged-object.js';

/** Options of {@link replaceDamagedObject}. */
export interface ReplaceDamagedObjectOptions {
  /** The repository's objects folder (`git rev-parse --git-path objects`). */
  objectsDir: string;
  /** What the git command just wrote (or found already there). */
  oid: string;
  /** Run the command that writes it again; resolves to the id it wrote. */
  write: () => Promise<string>;
}

/**
 * git writes a new object to a temp file and renames it into place, so git itself never leaves a
 * damaged one; but when the file is already there, `hash-object`, `commit-tree` and `mktag` only
 * freshen it, without reading it. An object file left half written by a writer that did not write
 * that way (isomorphic-git before relctl's object-safe writes, a crash on a file system without
 * ordered data) is therefore kept, and whatever is built on it is broken. So after the system port
 * writes an object, its loose file (if it has one) is checked; a damaged one is removed and the
 * object written again. Returns the id.
 *
 * @example
 * ```ts
 * const commit = await replaceDamagedObject({ objectsDir, oid: written, write: () => commitTree(args) });
 * ```
 */
export async function replaceDamagedObject({ objectsDir, oid, write }: ReplaceDamagedObjectOptions): Promise<string> {
  return (await removeDamagedObject({ objectsDir, oid })) ? write() : oid;
}
