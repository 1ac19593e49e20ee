import type * as nodeFs from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { ObjectFsyncPolicy } from './read-object-fsync-policy.js';
import { writeFileAtomically } from './write-file-atomically.js';

/**
 * Options of {@link objectSafeFs}.
 *
 * @example
 * ```ts
 * const options: ObjectSafeFsOptions = { fs, objectsDir: join(commonDir, 'objects'), policy: () => readObjectFsyncPolicy({ repo }) };
 * ```
 */
export interface ObjectSafeFsOptions {
  fs: typeof nodeFs;
  /** The repository's `objects` folder. */
  objectsDir: string;
  /** The fsync policy (read lazily: on the first write into the object database). */
  policy: () => Promise<ObjectFsyncPolicy>;
}

/**
 * The `fs` isomorphic-git is given: `fs` itself, except that a file written with
 * `promises.writeFile` inside the object database (a loose object, a fetched pack and its index)
 * goes to a temp file beside it and is renamed into place (see `writeFileAtomically`), as git
 * writes them. isomorphic-git writes those files with a plain `writeFile` (open with truncation,
 * write, close), so a process killed in between left a half-written object or pack index that
 * every later read trips over. Pack files and indexes are fsynced as `core.fsync` says (git's
 * default: yes), loose objects too when it asks for them. Every other call, and every other
 * path, goes straight to `fs`.
 *
 * @example
 * ```ts
 * const safe = objectSafeFs({ fs, objectsDir: join(commonDir, 'objects'), policy: () => readObjectFsyncPolicy({ repo }) });
 * await git.fetch({ fs: safe, http, gitdir: commonDir, url });
 * ```
 */
export function objectSafeFs({ fs, objectsDir, policy }: ObjectSafeFsOptions): typeof nodeFs {
  const root = resolve(objectsDir) + sep;
  const packs = join(root, 'pack') + sep;
  const original = fs.promises.writeFile.bind(fs.promises);
  const writeFile = async (file: unknown, data: unknown, options?: unknown): Promise<void> => {
    const path = typeof file === 'string' ? resolve(file) : null;
    const name = path === null ? '' : basename(path);
    if (path === null || !path.startsWith(root) || name.startsWith('tmp_') || (typeof data !== 'string' && !(data instanceof Uint8Array))) {
      return original(file as string, data as string, options as nodeFs.WriteFileOptions);
    }
    const settings: { encoding?: BufferEncoding | null; mode?: number | string } =
      typeof options === 'string' ? { encoding: options as BufferEncoding } : ((options ?? {}) as { encoding?: BufferEncoding | null; mode?: number | string });
    const inPackDir = dirname(path) + sep === packs;
    const loose = !inPackDir && /^[0-9a-f]{2}$/.test(basename(dirname(path))) && dirname(dirname(path)) + sep === root && /^[0-9a-f]{38,62}$/.test(name);
    const kind = loose ? 'loose' : inPackDir && name.endsWith('.pack') ? 'pack' : inPackDir && name.endsWith('.idx') ? 'idx' : 'other';
    const { looseObjects, packs: syncPacks, packIndexes } = await policy();
    const mode = typeof settings.mode === 'string' ? parseInt(settings.mode, 8) : settings.mode;
    await writeFileAtomically({
      fs,
      path,
      data,
      ...(typeof settings.encoding === 'string' ? { encoding: settings.encoding } : {}),
      temp: { prefix: kind === 'loose' ? 'tmp_obj_' : kind === 'pack' ? 'tmp_pack_' : kind === 'idx' ? 'tmp_idx_' : 'tmp_' },
      ...(kind === 'loose' ? { mode: 0o444 } : mode !== undefined ? { mode } : {}),
      sync: kind === 'loose' ? looseObjects : kind === 'pack' ? syncPacks : kind === 'idx' ? packIndexes : false,
    });
  };
  const promises = { ...fs.promises, writeFile } as typeof nodeFs.promises;
  const safe = Object.assign(Object.create(null) as object, fs) as typeof nodeFs;
  Object.defineProperty(safe, 'promises', { value: promises, enumerable: true, writable: false, configurable: false });
  return safe;
}
