import { describe, expect, it } from 'vitest';
import { gitStorageCause } from './git-storage-cause.js';

describe('gitStorageCause', () => {
  it('reads the cause and the file from what git said', () => {
    expect(gitStorageCause({ stderr: 'error: unable to create file src/blob.bin: No space left on device\n', signal: null })).toMatchObject({
      code: 'ENOSPC',
      path: 'src/blob.bin',
    });
    expect(gitStorageCause({ stderr: 'fatal: unable to write file src/blob.bin\nerror: File too large', signal: null })).toMatchObject({ code: 'EFBIG', path: 'src/blob.bin' });
    expect(gitStorageCause({ stderr: 'fatal: Unable to create temporary file: Read-only file system', signal: null })?.code).toBe('EROFS');
  });

  it('takes a git killed by SIGXFSZ for the file-size limit, and leaves other failures alone', () => {
    expect(gitStorageCause({ stderr: '', signal: 'SIGXFSZ' })?.code).toBe('SIGXFSZ');
    expect(gitStorageCause({ stderr: 'error: Your local changes to the following files would be overwritten by merge:\n\ta.txt', signal: null })).toBeNull();
  });
});
