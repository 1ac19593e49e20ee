import type { Sha, TreeEntry } from '@relctl/core';
import { writeLooseObject } from '../objects/write-loose-object.js';
import type { Repository } from '../repo/repository.js';

/** Options of {@link writeTreeObject}. */
export interface WriteTreeObjectOptions {
  repo: Repository;
  /** Entries in any order; names must be unique. */
  entries: TreeEntry[];
}

/**
 * Write a tree object with its entries in git's order (bytes of the name, a sub-tree's name
 * compared as if it ended in `/`) and return its id.
 *
 * @example
 * ```ts
 * const tree = await writeTreeObject({ repo, entries: [{ mode: '100644', path: 'a.txt', oid: blob, type: 'blob' }] });
 * ```
 */
export async function writeTreeObject({ repo, entries }: WriteTreeObjectOptions): Promise<Sha> {
  const keyed = entries.map((entry) => ({ entry, key: Buffer.from(entry.type === 'tree' ? `${entry.path}/` : entry.path, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  const object = Buffer.concat(
    keyed.flatMap(({ entry }) => [Buffer.from(`${entry.mode === '040000' ? '40000' : entry.mode} ${entry.path}\0`, 'utf8'), Buffer.from(entry.oid, 'hex')]),
  );
  return writeLooseObject({ repo, type: 'tree', content: object });
}
