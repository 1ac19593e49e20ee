import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { boardData } from './board-data.js';
import { deploy } from './deploy.js';
import { promote } from './promote.js';

describe('boardData (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('gathers the status, the conflict matrix of every open request and the deployments, newest first', async () => {
    scratch = createScratchRepo({ conflicting: true });
    const { session } = await scratch.open();
    try {
      await promote({ session, requestIds: ['A'], to: 'test' });
      await deploy({ session, env: 'test' });
      const data = await boardData({ session });
      expect(data.repository).toBe(basename(scratch.repo.dir));
      expect(data.status.requests.map((row) => row.id)).toEqual(['A', 'B']);
      expect(data.conflicts).toMatchObject({ scope: 'all open requests', conflicts: [{ a: 'A', b: 'B', paths: ['app.txt'] }] });
      expect(data.deployments).toMatchObject([{ env: 'test', requestIds: ['A'], ok: true }]);
    } finally {
      session.close();
    }
  });
});
