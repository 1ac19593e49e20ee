import git from 'isomorphic-git';
import { NotFoundError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readStoredObject } from '../history/read-stored-object.js';

/** A raw object: its type and its content bytes (no header). */
export interface GitObject {
  type: 'blob' | 'tree' | 'commit' | 'tag';
  data: Buffer;
}

/** Options of {@link readGitObject}. */
export interface ReadGitObjectOptions {
  repo: Repository;
  oid: Sha;
}

/**
 * Read one object (loose or packed); a missing object is a `NotFoundError` naming it.
 *
 * The history module's object store answers first: it reads a few KiB of the pack index per
 * lookup, where isomorphic-git's `readObject` parses a whole pack index on first use (1.3 s for
 * the 730k objects of a 100k-commit repository) and lists the pack folder on every read.
 * isomorphic-git stays the fallback for anything the store cannot read.
 *
 * @example
 * ```ts
 * const { type, data } = await readGitObject({ repo, oid });
 * ```
 */
export async function readGitObject({ repo, oid }: ReadGitObjectOptions): Promise<GitObject> {
  if (!/^[0-9a-f]{40}$/.test(oid)) {
    throw new NotFoundError(`${JSON.stringify(oid)} is not a full object id; pass the 40-hex id of an object in this repository.`, { oid });
  }
  const stored = readStoredObject({ repo, oid });
  if (stored) return { type: stored.type, data: stored.data };
  try {
    const result = await git.readObject({ fs: repo.fs, gitdir: repo.commonDir, cache: repo.cache, oid, format: 'content' });
    const bytes = result.object as Uint8Array;
    return { type: result.type as GitObject['type'], data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') {
      throw new NotFoundError(`object ${oid} is not in this repository; fetch it, or check the id.`, { oid });
    }
    throw error;
  }
}
