import type * as nodeFs from 'node:fs';

/** Options of {@link fsyncDir}. */
export interface FsyncDirOptions {
  fs: typeof nodeFs;
  dir: string;
}

/**
 * fsync a folder so the names created, renamed or removed in it are durable. Best effort: file
 * systems that cannot open a folder for syncing are ignored.
 *
 * @example
 * ```ts
 * await fsyncDir({ fs, dir: `${commonDir}/refs/heads` });
 * ```
 */
export async function fsyncDir({ fs, dir }: FsyncDirOptions): Promise<void> {
  let handle: Awaited<ReturnType<typeof fs.promises.open>> | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here (e.g. some network or virtual file systems)
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
