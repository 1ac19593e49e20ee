import { afterEach, describe, expect, it } from 'vitest';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { conflicts } from './conflicts.js';

describe('conflicts (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('trial-merges every open request pair and each with production, then answers again from the cache', async () => {
    scratch = createScratchRepo({ conflicting: true });
    const { session } = await scratch.open();
    try {
      const first = await conflicts({ session, all: true });
      expect(first.scope).toBe('all open requests');
      expect(first.matrix.conflicts).toMatchObject([{ a: 'A', b: 'B', paths: ['app.txt'] }]);
      expect(first).toMatchObject({ pairs: 3, computed: 3, cached: 0 });
      const again = await conflicts({ session, all: true });
      expect(again.matrix).toEqual(first.matrix);
      expect(again).toMatchObject({ computed: 0, cached: 3 });
      // test holds no request yet: its scope is empty.
      expect((await conflicts({ session })).matrix.conflicts).toEqual([]);
    } finally {
      session.close();
    }
  });
});
