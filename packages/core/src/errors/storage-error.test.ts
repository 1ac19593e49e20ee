import { describe, expect, it } from 'vitest';
import { StorageError, storageCauseOf, toStorageError } from './storage-error.js';

const fsError = (code: string, path?: string) => Object.assign(new Error(`${code}: write`), { code, ...(path ? { path } : {}) });

describe('toStorageError', () => {
  it('names the cause, the file (relative to the worktree) and `relctl continue` when refs moved', () => {
    const error = toStorageError(fsError('ENOSPC', '/work/app/src/blob.bin'), { refsMoved: true, root: '/work/app' });
    expect(error).toBeInstanceOf(StorageError);
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toBe('disk full while writing src/blob.bin; free space and run `relctl continue` to finish the run (refs already moved).');
    expect(error?.data).toEqual({ cause: 'disk full', errno: 'ENOSPC', path: 'src/blob.bin', refsMoved: true });
  });

  it('says nothing changed and to run the command again when no ref moved', () => {
    expect(toStorageError(fsError('EROFS', '/r/.git/relctl/run.json'), { refsMoved: false })?.message).toBe(
      'read-only file system while writing /r/.git/relctl/run.json; make the file system writable and run the command again (nothing was changed).',
    );
  });

  it('knows EFBIG, a git child killed by SIGXFSZ, EIO and EDQUOT, through `cause` chains and other StorageErrors', () => {
    expect(storageCauseOf(fsError('EFBIG'))?.cause).toBe('file too large');
    expect(storageCauseOf(new Error('git read-tree failed', { cause: { code: 'SIGXFSZ' } }))?.cause).toBe('file too large');
    expect(storageCauseOf(fsError('EIO'))?.cause).toBe('disk error');
    expect(storageCauseOf(fsError('EDQUOT'))?.cause).toBe('disk full');
    const inner = toStorageError(fsError('ENOSPC', 'x'), { refsMoved: false });
    expect(toStorageError(inner, { refsMoved: true })?.message).toContain('relctl continue');
  });

  it('leaves other errors alone', () => {
    expect(toStorageError(fsError('ENOENT'), { refsMoved: true })).toBeNull();
    expect(toStorageError(new Error('boom'), { refsMoved: true })).toBeNull();
  });
});
