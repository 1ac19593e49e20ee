import type * as nodeFs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StateError } from '@relctl/core';

/** A `<file>.lock` this process created with O_EXCL, the way git locks a file it is about to replace. */
export interface LockFile {
  /** Path of the `.lock` file. */
  readonly path: string;
  /** Replace the lock's content and fsync it. */
  write(content: string): Promise<void>;
  /** Rename the lock onto `target` (the commit of git's lock protocol); the lock is gone afterwards. */
  commitTo(target: string): Promise<void>;
  /** Close the file handle but keep the lock (its path now belongs to the caller, e.g. a journal). */
  close(): Promise<void>;
  /** Remove the lock (when still there) and the empty folders made for it. */
  release(): Promise<void>;
}

/** Options of {@link acquireLockFile}. */
export interface AcquireLockFileOptions {
  fs: typeof nodeFs;
  /** Path of the `.lock` file to create. */
  path: string;
  /** What the lock protects, for messages, e.g. `refs/heads/main` or `packed-refs`. */
  what: string;
  /**
   * Written into the new lock at once (not fsynced): a ref transaction marks its locks with its
   * id, so that recovery can tell them from another process's locks after a crash.
   */
  content?: string;
}

/**
 * Create `path` exclusively (`wx`), making its folder when needed. When it already exists, another
 * git process holds it: throws a `StateError` naming `what` and saying to wait or remove a stale
 * lock. A file where a folder is needed (`refs/heads/a` when locking `refs/heads/a/b`) is a
 * `StateError` too.
 *
 * @example
 * ```ts
 * const lock = await acquireLockFile({ fs, path: `${commonDir}/refs/heads/main.lock`, what: 'refs/heads/main' });
 * await lock.write(`${sha}\n`);
 * await lock.commitTo(`${commonDir}/refs/heads/main`);
 * ```
 */
export async function acquireLockFile({ fs, path, what, content }: AcquireLockFileOptions): Promise<LockFile> {
  const folder = dirname(path);
  let createdDir: string | undefined;
  try {
    createdDir = await fs.promises.mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new StateError(`cannot lock ${what}: a file stands where its folder ${folder} should be (a ref named like its parent exists); delete or rename that ref first.`, {
        ref: what,
        path: folder,
      });
    }
    throw error;
  }
  let handle: FileHandle | null;
  try {
    handle = await fs.promises.open(path, 'wx');
  } catch (error) {
    await removeEmptyFolders(fs, folder, createdDir);
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') {
      throw new StateError(`cannot lock ${what}: ${path} exists, so another git process is updating it; wait and rerun, or delete that file if no git process is running.`, {
        ref: what,
        lockPath: path,
      });
    }
    throw error;
  }
  if (content !== undefined) {
    try {
      await handle.write(content, 0, 'utf8');
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fs.promises.rm(path, { force: true });
      await removeEmptyFolders(fs, folder, createdDir);
      throw error;
    }
  }
  let exists = true;
  const close = async (): Promise<void> => {
    const open = handle;
    handle = null;
    await open?.close();
  };
  return {
    path,
    async write(content) {
      if (!handle) handle = await fs.promises.open(path, 'r+');
      await handle.truncate(0);
      await handle.write(content, 0, 'utf8');
      await handle.sync();
      await close();
    },
    async commitTo(target) {
      await close();
      await fs.promises.rename(path, target);
      exists = false;
    },
    close,
    async release() {
      await close();
      if (exists) {
        exists = false;
        await fs.promises.rm(path, { force: true });
        await removeEmptyFolders(fs, folder, createdDir);
      }
    },
  };
}

/** Remove `folder` and its parents up to `top` (inclusive) while they are empty. */
async function removeEmptyFolders(fs: typeof nodeFs, folder: string, top: string | undefined): Promise<void> {
  if (top === undefined) return;
  for (let here = folder; here.length >= top.length; here = dirname(here)) {
    try {
      await fs.promises.rmdir(here);
    } catch {
      return;
    }
    if (here === top) return;
  }
}
