import { afterEach, describe, expect, it } from 'vitest';
import { MergeConflictError } from '@relctl/core';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { candidate } from './candidate.js';

describe('candidate (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('builds candidate/A-B on main + A + B, released as the next version; a dry run moves no ref', async () => {
    scratch = createScratchRepo();
    const { session, events } = await scratch.open();
    try {
      const preview = await candidate({ session, requestIds: ['A', 'B'], dryRun: true });
      expect(preview).toMatchObject({ dryRun: true, candidate: 'A-B', branch: 'candidate/A-B', commit: null, base: scratch.main, requestIds: ['A', 'B'], added: [], contains: [] });
      expect(events.map((event) => event.type)).toEqual(['plan-preview']);
      expect(await session.git.readRef('refs/heads/candidate/A-B')).toBeNull();

      const built = await candidate({ session, requestIds: ['A', 'B'] });
      expect(built.tree).toBe(preview.tree);
      expect(built.version).toBe('1.1.0');
      expect(built.shas).toEqual(scratch.heads);
      expect(await session.git.readRef('refs/heads/candidate/A-B')).toBe(built.commit);
      expect((await session.git.readCommit(built.commit!)).tree).toBe(built.tree);
    } finally {
      session.close();
    }
  });

  it('refuses a subset that does not merge, naming the conflict, and changes nothing', async () => {
    scratch = createScratchRepo({ conflicting: true });
    const { session } = await scratch.open();
    try {
      const refused = candidate({ session, requestIds: ['A', 'B'] });
      await expect(refused).rejects.toBeInstanceOf(MergeConflictError);
      await expect(refused).rejects.toThrow(/B does not merge into main \+ A: conflict in app\.txt/);
      expect(await session.git.readRef('refs/heads/candidate/A-B')).toBeNull();
    } finally {
      session.close();
    }
  });
});
