import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';
import { inflateSync } from 'node:zlib';

/**
 * What {@link checkLooseObject} found at an object's loose path.
 *
 * @example
 * ```ts
 * const found: LooseObjectCheck = await checkLooseObject({ fs, path, oid });
 * if (found.state === 'ok') console.log(found.type, found.data.length);
 * ```
 */
export type LooseObjectCheck = { state: 'missing' } | { state: 'ok'; type: 'commit' | 'tree' | 'blob' | 'tag'; data: Buffer } | { state: 'damaged'; reason: string };

/**
 * Options of {@link checkLooseObject}.
 *
 * @example
 * ```ts
 * const options: CheckLooseObjectOptions = { fs, path: `${objectsDir}/ce/0136…`, oid: 'ce0136…' };
 * ```
 */
export interface CheckLooseObjectOptions {
  fs: typeof nodeFs;
  /** The file, `<objects>/<first 2 hex>/<rest>`. */
  path: string;
  /** The id the file must hash to. */
  oid: string;
}

/**
 * Check a loose object file the way `git fsck` does: it must inflate, start with a valid
 * `<type> <size>\0` header whose size is the length of what follows, and hash (SHA-1 or SHA-256,
 * by the id's length) to `oid`. A file cut short by a killed writer, empty, or holding another
 * object is `damaged`; no file is `missing`.
 *
 * @example
 * ```ts
 * const found = await checkLooseObject({ fs, path: `${objectsDir}/cb/1bcc11…`, oid: 'cb1bcc11…' });
 * if (found.state === 'damaged') console.log(found.reason); // 'does not inflate (unexpected end of file)'
 * ```
 */
export async function checkLooseObject({ fs, path, oid }: CheckLooseObjectOptions): Promise<LooseObjectCheck> {
  let file: Buffer;
  try {
    file = await fs.promises.readFile(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  if (file.length === 0) return { state: 'damaged', reason: 'the file is empty' };
  let raw: Buffer;
  try {
    raw = inflateSync(file);
  } catch (error) {
    return { state: 'damaged', reason: `does not inflate (${(error as Error).message})` };
  }
  const space = raw.indexOf(0x20);
  const nul = raw.indexOf(0, space + 1);
  const type = space < 0 ? '' : raw.toString('latin1', 0, space);
  if (nul < 0 || (type !== 'commit' && type !== 'tree' && type !== 'blob' && type !== 'tag')) return { state: 'damaged', reason: 'has no valid object header' };
  const size = raw.toString('latin1', space + 1, nul);
  if (!/^(0|[1-9][0-9]*)$/.test(size) || Number(size) !== raw.length - nul - 1)
    return { state: 'damaged', reason: `is ${raw.length - nul - 1} bytes long but its header says ${size}` };
  const actual = createHash(oid.length === 64 ? 'sha256' : 'sha1')
    .update(raw)
    .digest('hex');
  if (actual !== oid) return { state: 'damaged', reason: `hashes to ${actual}` };
  return { state: 'ok', type, data: raw.subarray(nul + 1) };
}
