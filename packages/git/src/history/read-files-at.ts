import { NotFoundError, UsageError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import type { ObjectStore } from './object-store.js';
import { openHistory } from './open-history.js';

/**
 * Options of {@link readFilesAt}.
 *
 * @example
 * ```ts
 * const [changeset] = await readFilesAt({ repo, reads: [{ commitOrTree: headA, path: '.changeset/A.md' }] });
 * ```
 */
export interface ReadFilesAtOptions {
  /** The opened repository. */
  repo: Repository;
  /** What to read: a path (slash-separated, repository-relative) in a commit's or tree's tree. */
  reads: ReadonlyArray<{ commitOrTree: Sha; path: string }>;
}

/**
 * The contents of many files at once, in this process, straight from the pack files (the
 * `GitPort.readFile` of each read, without a call per object through isomorphic-git or a
 * `git cat-file` round trip): `null` where the path is absent or not a file. Trees read along
 * the way are reused between reads. Throws `NotFoundError` when a commit or tree is not in the
 * repository, `UsageError` for a malformed id.
 *
 * @example
 * ```ts
 * const [a, b] = await readFilesAt({ repo, reads: [{ commitOrTree: headA, path: '.changeset/A.md' }, { commitOrTree: headB, path: '.changeset/B.md' }] });
 * ```
 */
export async function readFilesAt(options: ReadFilesAtOptions): Promise<Array<Uint8Array | null>> {
  const state = openHistory({ repo: options.repo });
  const { store, hashLength } = state;
  const pattern = new RegExp(`^[0-9a-f]{${hashLength * 2}}$`);
  const trees = new Map<string, Buffer>();
  try {
    return options.reads.map(({ commitOrTree, path }) => {
      if (!pattern.test(commitOrTree)) {
        throw new UsageError(`${JSON.stringify(commitOrTree)} is not a full object id; pass the ${hashLength * 2}-hex id of a commit or tree.`, { oid: commitOrTree });
      }
      const parts = path.split('/');
      if (parts.some((part) => part === '')) return null;
      let tree = rootTree(store, commitOrTree);
      for (let i = 0; i < parts.length; i += 1) {
        let data = trees.get(tree);
        if (!data) {
          const object = store.read(tree);
          if (!object || object.type !== 'tree') throw missing(tree);
          data = object.data;
          trees.set(tree, data);
        }
        const entry = findEntry(data, parts[i] as string, hashLength);
        if (!entry) return null;
        if (i === parts.length - 1) {
          if (entry.mode === '040000' || entry.mode === '160000') return null;
          const blob = store.read(entry.oid);
          if (!blob || blob.type !== 'blob') throw missing(entry.oid);
          return new Uint8Array(blob.data.buffer, blob.data.byteOffset, blob.data.byteLength);
        }
        if (entry.mode !== '040000') return null;
        tree = entry.oid;
      }
      return null;
    });
  } finally {
    store.close();
  }
}

/** The tree of a commit, tree, or annotated tag of either. */
function rootTree(store: ObjectStore, oid: string): string {
  let current = oid;
  for (let depth = 0; depth < 10; depth += 1) {
    const object = store.read(current);
    if (!object) break;
    if (object.type === 'tree') return current;
    if (object.type === 'commit') return object.data.toString('latin1', 5, object.data.indexOf(10));
    if (object.type !== 'tag') break;
    current = /^object ([0-9a-f]+)/.exec(object.data.toString('latin1', 0, 200))?.[1] ?? '';
  }
  throw new NotFoundError(`${oid} is not a commit or tree in this repository; fetch it or check the id.`, { sha: oid });
}

/** One entry of a raw tree object by name, without parsing the others. */
function findEntry(data: Buffer, name: string, hashLength: number): { mode: string; oid: string } | null {
  const wanted = Buffer.from(name, 'utf8');
  let cursor = 0;
  while (cursor < data.length) {
    const space = data.indexOf(0x20, cursor);
    const nul = data.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 1 + hashLength > data.length) break;
    if (nul - space - 1 === wanted.length && data.compare(wanted, 0, wanted.length, space + 1, nul) === 0) {
      return { mode: data.toString('latin1', cursor, space).padStart(6, '0'), oid: data.toString('hex', nul + 1, nul + 1 + hashLength) };
    }
    cursor = nul + 1 + hashLength;
  }
  return null;
}

function missing(oid: string): NotFoundError {
  return new NotFoundError(`object ${oid} is not in this repository; fetch it, or check the id.`, { oid });
}
