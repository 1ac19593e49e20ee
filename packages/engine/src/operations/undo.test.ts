import { afterEach, describe, expect, it } from 'vitest';
import { StateError } from '@relctl/core';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { continueRun } from './continue-run.js';
import { promote } from './promote.js';
import { skipStep } from './skip-step.js';
import { undo } from './undo.js';

describe('undo, continue and skip (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('undo: previews, then moves env/test back where the last promotion found it', async () => {
    scratch = createScratchRepo();
    const { session } = await scratch.open();
    try {
      await promote({ session, requestIds: ['A'], to: 'test' });
      const moved = await session.git.readRef('refs/heads/env/test');
      expect(moved).not.toBe(scratch.main);

      const preview = await undo({ session, dryRun: true });
      expect(preview).toMatchObject({
        dryRun: true,
        preview: { command: 'promote A --to test', unfinished: false, restored: [{ ref: 'refs/heads/env/test', from: moved, to: scratch.main }] },
      });
      expect(await session.git.readRef('refs/heads/env/test')).toBe(moved);

      const done = await undo({ session });
      expect(done.dryRun).toBe(false);
      if (done.dryRun) return;
      expect(done.result.command).toBe('promote A --to test');
      expect(done.result.restored).toContainEqual({ ref: 'refs/heads/env/test', from: moved, to: scratch.main });
      expect(await session.git.readRef('refs/heads/env/test')).toBe(scratch.main);
      expect((await session.log.read()).at(-1)?.type).toBe('undone');
    } finally {
      session.close();
    }
  });

  it('continue with nothing stopped is refused; skip leaves out the merge that conflicted and finishes the run', async () => {
    scratch = createScratchRepo({ conflicting: true });
    const { session, events } = await scratch.open();
    try {
      await expect(continueRun({ session })).rejects.toBeInstanceOf(StateError);
      await expect(promote({ session, requestIds: ['A', 'B'], to: 'test' })).rejects.toThrow(/conflict/);
      expect(await session.store.loadCurrent()).not.toBeNull();
      events.length = 0;

      const done = await skipStep({ session });
      expect(done.kind).toBe('run');
      if (done.kind !== 'run') return;
      expect(done.command).toBe('promote A B --to test');
      expect(done.result.outcomes).toEqual(['recorded promoted, demoted', 'moved env/test, refs/relctl/log']);
      // The log says B is not on test: the skipped merge left it out.
      expect((await session.log.read()).at(-1)).toMatchObject({ type: 'demoted', requestIds: ['B'], env: 'test', data: { skipped: true } });
      expect(events.filter((event) => event.type === 'step').map((event) => event.type === 'step' && event.outcome)).toEqual(done.result.outcomes);
      expect(await session.store.loadCurrent()).toBeNull();
      const tip = await session.git.readRef('refs/heads/env/test');
      expect(await session.git.isAncestor(scratch.heads.A, tip!)).toBe(true);
      expect(await session.git.isAncestor(scratch.heads.B, tip!)).toBe(false);
    } finally {
      session.close();
    }
  });
});
