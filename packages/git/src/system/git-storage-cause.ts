/**
 * What a failed `git` child says about a full, size-limited, read-only or failing disk: an
 * fs-style error (`code` ENOSPC / EFBIG / EROFS / EIO, or `SIGXFSZ` when the file-size limit
 * killed it, and the file it named), or `null` when its failure is something else.
 *
 * @example
 * ```ts
 * gitStorageCause({ stderr: 'error: unable to write file src/blob.bin: No space left on device', signal: null });
 * // { code: 'ENOSPC', path: 'src/blob.bin', message: '…' }
 * ```
 */
export function gitStorageCause(input: { stderr: string; signal: string | null }): { code: string; path?: string; message: string } | null {
  const { stderr, signal } = input;
  let code: string | null = null;
  if (signal === 'SIGXFSZ') code = 'SIGXFSZ';
  else if (/No space left on device|Disk quota exceeded/i.test(stderr)) code = 'ENOSPC';
  else if (/File too large/i.test(stderr)) code = 'EFBIG';
  else if (/Read-only file system/i.test(stderr)) code = 'EROFS';
  else if (/Input\/output error/i.test(stderr)) code = 'EIO';
  if (code === null) return null;
  // git names the file in "unable to write file <path>", "unable to create file <path>: …",
  // "unable to create temporary file: …" (no name), "cannot write … '<path>'".
  const named = /unable to (?:write|create) (?:new )?(?:file|index file|temporary file)?\s*'?([^':\n]+?)'?(?::|\n|$)/i.exec(stderr)?.[1]?.trim();
  return { code, ...(named ? { path: named } : {}), message: stderr.trim().split('\n').slice(-1)[0] ?? code };
}
