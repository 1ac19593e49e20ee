import { ExitCode, RelctlError } from './relctl-error.js';

/**
 * Why a write failed, as the operating system said it: the disk (or a quota) is full, a file
 * outgrew the file-size limit (`ulimit -f`), the file system is read-only, or the disk failed.
 *
 * @example
 * ```ts
 * const cause: StorageCause = 'disk full'; // ENOSPC or EDQUOT
 * ```
 */
export type StorageCause = 'disk full' | 'file too large' | 'read-only file system' | 'disk error';

/**
 * What {@link StorageError} carries.
 *
 * @example
 * ```ts
 * const data: StorageErrorData = { cause: 'file too large', errno: 'EFBIG', path: 'src/blob.bin', refsMoved: true };
 * ```
 */
export interface StorageErrorData extends Record<string, unknown> {
  cause: StorageCause;
  /** The errno name (`ENOSPC`, `EFBIG`, `EROFS`, `EIO`, `EDQUOT`), or `SIGXFSZ` for a git child killed by the file-size limit. */
  errno: string;
  /** The file being written, relative to the repository's worktree when inside it; `null` when unknown. */
  path: string | null;
  /** Whether refs moved before the failure, so the unfinished run (or ref transaction) must be finished. */
  refsMoved: boolean;
}

/**
 * A write failed for a reason outside relctl: the disk is full, a file is over the size limit,
 * the file system is read-only, or the disk failed (exit 2: a state to fix first). The message
 * names the cause, the file and the next step: `relctl continue` where refs moved, else running
 * the command again.
 *
 * @example
 * ```ts
 * throw new StorageError('disk full while writing src/blob.bin; free space and run `relctl continue`.', {
 *   cause: 'disk full', errno: 'ENOSPC', path: 'src/blob.bin', refsMoved: true,
 * });
 * ```
 */
export class StorageError extends RelctlError<StorageErrorData> {
  static readonly code = 'StorageError';
  constructor(message: string, data: StorageErrorData) {
    super('StorageError', message, data, ExitCode.usage);
  }
}

const CAUSES: Record<string, StorageCause> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk full',
  EFBIG: 'file too large',
  SIGXFSZ: 'file too large',
  EROFS: 'read-only file system',
  EIO: 'disk error',
};

/** The advice for each cause, before the next step. */
const FIXES: Record<StorageCause, string> = {
  'disk full': 'free space',
  'file too large': 'raise the file-size limit (ulimit -f)',
  'read-only file system': 'make the file system writable',
  'disk error': 'check the disk',
};

/**
 * The storage cause of `error` (an fs error's `code`, or a `StorageError`), or `null` when the
 * error is something else. Looks through `cause` chains, as wrappers keep the original there.
 *
 * @example
 * ```ts
 * storageCauseOf(Object.assign(new Error('write'), { code: 'ENOSPC' })); // { cause: 'disk full', errno: 'ENOSPC', path: null }
 * ```
 */
export function storageCauseOf(error: unknown): { cause: StorageCause; errno: string; path: string | null } | null {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if (current instanceof StorageError) return { cause: current.data.cause, errno: current.data.errno, path: current.data.path };
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in CAUSES) {
      const path = (current as { path?: unknown }).path;
      return { cause: CAUSES[code] as StorageCause, errno: code, path: typeof path === 'string' ? path : null };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Options of {@link toStorageError}.
 *
 * @example
 * ```ts
 * const options: ToStorageErrorOptions = { refsMoved: false, root: repo.dir };
 * ```
 */
export interface ToStorageErrorOptions {
  /** Whether refs moved (a run to continue) or nothing changed (run the command again). */
  refsMoved: boolean;
  /** The worktree root: a path inside it is shown relative to it. */
  root?: string;
  /** The next step when refs moved; default ``run `relctl continue` ``. */
  next?: string;
}

/**
 * `error` as a {@link StorageError} whose message names the cause, the file and the next step
 * (e.g. "disk full while writing src/blob.bin; free space and run `relctl continue`."), or `null`
 * when the error is not a storage failure.
 *
 * @example
 * ```ts
 * const storage = toStorageError(error, { refsMoved: true, root: '/work/app' });
 * if (storage) throw storage;
 * ```
 */
export function toStorageError(error: unknown, options: ToStorageErrorOptions): StorageError | null {
  const found = storageCauseOf(error);
  if (!found) return null;
  const path = found.path !== null ? shown(found.path, options.root) : null;
  const where = path !== null ? ` while writing ${path}` : ' while writing';
  const next = options.refsMoved ? `${options.next ?? 'run `relctl continue`'} to finish the run (refs already moved)` : 'run the command again (nothing was changed)';
  return new StorageError(`${found.cause}${where}; ${FIXES[found.cause]} and ${next}.`, {
    cause: found.cause,
    errno: found.errno,
    path,
    refsMoved: options.refsMoved,
  });
}

function shown(path: string, root: string | undefined): string {
  if (!root) return path;
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
