import { randomBytes } from 'node:crypto';
import type * as nodeFs from 'node:fs';
import { dirname, join } from 'node:path';
import { injectFault, type FaultHook } from '../refs/inject-fault.js';
import { InjectedFault } from '../refs/injected-fault.js';

/**
 * Options of {@link writeFileAtomically}.
 *
 * @example
 * ```ts
 * const options: WriteFileAtomicallyOptions = { fs, path, data, temp: { prefix: 'tmp_obj_' }, mode: 0o444, sync: false };
 * ```
 */
export interface WriteFileAtomicallyOptions {
  fs: typeof nodeFs;
  path: string;
  data: Uint8Array | string;
  /** Encoding of a string `data` (default `utf8`). */
  encoding?: BufferEncoding;
  /**
   * The temp file: `{ prefix }` a new one in the target's folder whose name starts so (git's:
   * `tmp_obj_`, `tmp_pack_`, `tmp_idx_`), or `{ path }` exactly this one, replacing what a killed
   * writer left there (for files that a recovery must be able to find and remove).
   */
  temp: { prefix: string } | { path: string };
  /** Mode of the new file (git's loose objects: `0o444`). Default `0o666` (less the umask). */
  mode?: number;
  /** fsync the file before it is renamed into place. */
  sync: boolean;
  /** Names the fault points `<faultPrefix>:after-create` and so on. Default `object`. */
  faultPrefix?: string;
  /** Test hook called at each fault point (see `injectFault`). */
  faultHook?: FaultHook;
}

/**
 * Write a file so that a reader (or a crash) never sees part of it, as git writes objects: into a
 * new temp file in the target's folder (created exclusively; the folder is created when missing),
 * optionally fsynced, then renamed over `path`, which replaces whatever file was there in one step.
 * A process killed before the rename leaves only the temp file: one named with git's prefixes in
 * the object database `git fsck` ignores and `git prune` (so `git gc`) removes; a fixed temp path
 * is replaced by the next write to it. Fault points `object:after-create`,
 * `object:after-partial-write` and `object:before-rename`, and `object:before-create` (before the temp
 * file exists; another prefix with `faultPrefix`); a
 * thrown `InjectedFault` leaves the temp file as a killed process would.
 *
 * @example
 * ```ts
 * await writeFileAtomically({ fs, path: `${objects}/pack/pack-1a2b.idx`, data: idx, temp: { prefix: 'tmp_idx_' }, sync: true });
 * ```
 */
export async function writeFileAtomically(options: WriteFileAtomicallyOptions): Promise<void> {
  const { fs, path, faultHook: hook } = options;
  const data = typeof options.data === 'string' ? Buffer.from(options.data, options.encoding ?? 'utf8') : options.data;
  const folder = dirname(path);
  const fixed = 'path' in options.temp;
  const temp = 'path' in options.temp ? options.temp.path : join(folder, `${options.temp.prefix}${randomBytes(6).toString('hex')}`);
  const mode = options.mode ?? 0o666;
  const prefix = options.faultPrefix ?? 'object';
  let handle: nodeFs.promises.FileHandle;
  try {
    await injectFault({ point: `${prefix}:before-create`, hook, path });
    if (fixed) await fs.promises.rm(temp, { force: true }); // a killed writer's; the mode must be ours
    handle = await fs.promises.open(temp, 'wx', mode);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw named(error, path);
    try {
      await fs.promises.mkdir(folder, { recursive: true });
      handle = await fs.promises.open(temp, 'wx', mode);
    } catch (again) {
      throw named(again, path);
    }
  }
  try {
    await injectFault({ point: `${prefix}:after-create`, hook, path });
    const half = data.length >> 1;
    await writeAll(handle, data.subarray(0, half));
    await injectFault({ point: `${prefix}:after-partial-write`, hook, path });
    await writeAll(handle, data.subarray(half));
    if (options.sync) await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (!(error instanceof InjectedFault)) await fs.promises.rm(temp, { force: true });
    throw named(error, path);
  }
  try {
    await handle.close();
  } catch (error) {
    // close reports a failed delayed write (NFS, a full disk with write-back): the file is not whole.
    await fs.promises.rm(temp, { force: true });
    throw named(error, path);
  }
  try {
    await injectFault({ point: `${prefix}:before-rename`, hook, path });
    await fs.promises.rename(temp, path);
  } catch (error) {
    if (!(error instanceof InjectedFault)) await fs.promises.rm(temp, { force: true });
    throw named(error, path);
  }
}

/**
 * An fs error of a write (ENOSPC, EFBIG, …) names no file, or the temp file: it names the file
 * being written instead, so the message a user reads says which one.
 */
function named(error: unknown, path: string): unknown {
  if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string' && !(error instanceof InjectedFault)) {
    (error as { path?: string }).path = path;
  }
  return error;
}

async function writeAll(handle: nodeFs.promises.FileHandle, data: Uint8Array): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
}
