import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Sha } from '@relctl/core';
import type { FaultHook } from '../refs/inject-fault.js';
import type { Repository } from '../repo/repository.js';
import { checkLooseObject } from './check-loose-object.js';
import { looseObjectPath } from './loose-object-path.js';
import { readObjectFsyncPolicy } from './read-object-fsync-policy.js';
import { writeFileAtomically } from './write-file-atomically.js';

/**
 * Options of {@link writeLooseObject}.
 *
 * @example
 * ```ts
 * const options: WriteLooseObjectOptions = { repo, type: 'blob', content: new TextEncoder().encode('hi\n') };
 * ```
 */
export interface WriteLooseObjectOptions {
  repo: Repository;
  type: 'commit' | 'tree' | 'blob' | 'tag';
  /** The object's content, without the `<type> <size>\0` header. */
  content: Uint8Array;
  /** Test hook called at each fault point of the file write (see `writeFileAtomically`). */
  faultHook?: FaultHook;
}

/**
 * Write an object into the repository as a loose object, the way git does, and return its id.
 * The object is hashed (SHA-1, or SHA-256 in such a repository) and deflated; when its file is
 * already there and whole (it inflates and hashes to the id) it is kept and its time freshened,
 * as git keeps it. Otherwise — no file, or a damaged one, such as a writer killed half way
 * through left before relctl wrote objects this way — it is written to a `tmp_obj_*` file in the
 * object's folder (mode 0444), fsynced when `core.fsync` / `core.fsyncObjectFiles` ask for loose
 * objects (see `readObjectFsyncPolicy`), and renamed into place, replacing the damaged file in one
 * step. A reader never sees half an object, and a crash leaves either no object or a whole one.
 *
 * @example
 * ```ts
 * const blob = await writeLooseObject({ repo, type: 'blob', content: new TextEncoder().encode('hello\n') });
 * // 'ce013625030ba8dba906f756967f9e9ca394464a', as `git hash-object -w` gives
 * ```
 */
export async function writeLooseObject({ repo, type, content, faultHook }: WriteLooseObjectOptions): Promise<Sha> {
  const header = Buffer.from(`${type} ${content.length}\0`, 'latin1');
  const body = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const oid = createHash(repo.objectFormat === 'sha256' ? 'sha256' : 'sha1')
    .update(header)
    .update(body)
    .digest('hex');
  const path = looseObjectPath({ repo, oid });
  const found = await checkLooseObject({ fs: repo.fs, path, oid });
  if (found.state === 'ok') {
    // Like git's freshen_loose_object: a gc pruning old unreachable objects right now keeps it.
    const now = new Date();
    await repo.fs.promises.utimes(path, now, now).catch(() => undefined);
    return oid;
  }
  const policy = await readObjectFsyncPolicy({ repo });
  // git's loose objects use zlib's fastest level (core.looseCompression defaults to 1).
  const data = deflateSync(Buffer.concat([header, body]), { level: 1 });
  await writeFileAtomically({ fs: repo.fs, path, data, temp: { prefix: 'tmp_obj_' }, mode: 0o444, sync: policy.looseObjects, ...(faultHook ? { faultHook } : {}) });
  return oid;
}
