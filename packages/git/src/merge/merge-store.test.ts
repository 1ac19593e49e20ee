import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { MergeStore } from './merge-store.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('MergeStore.flush', () => {
  let repo: TempRepo;
  const saved = process.env['RELCTL_FAULT'];
  afterEach(() => {
    repo?.remove();
    if (saved === undefined) delete process.env['RELCTL_FAULT'];
    else process.env['RELCTL_FAULT'] = saved;
  });

  it('writes a tree only after everything below it, so a flush that failed part way is finished by the next', async () => {
    repo = createTempRepo();
    repo.commit('base', { 'README.md': 'hi\n' });
    const handle = await openRepository({ cwd: repo.dir });
    const store = new MergeStore(handle);
    const deep = store.putBlob(enc('deep\n'));
    const top = store.putBlob(enc('top\n'));
    const dir = store.putTree([{ name: 'deep.txt', mode: 0o100644, oid: deep }]);
    const root = store.putTree([
      { name: 'dir', mode: 0o40000, oid: dir },
      { name: 'top.txt', mode: 0o100644, oid: top },
    ]);

    // The disk fills up at the third object the flush writes (a spec no other test counts).
    process.env['RELCTL_FAULT'] = 'object:before-create#3=ENOSPC';
    await expect(store.flush(root)).rejects.toMatchObject({ code: 'ENOSPC' });
    delete process.env['RELCTL_FAULT'];
    // Space freed: the next flush (a continued run merges again to the same objects) writes what is missing.
    await store.flush(root);
    for (const [what, oid] of Object.entries({ root, dir, deep, top })) {
      expect(gitResult(repo.dir, ['cat-file', '-e', oid], { allowFailure: true }).status, `${what} ${oid} is in the repository`).toBe(0);
    }
  });
});
