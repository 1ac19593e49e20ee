import { afterEach, describe, expect, it } from 'vitest';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { doctor } from './doctor.js';
import { promote } from './promote.js';

describe('doctor (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('reports each check as data: all in order, then the run a conflict stopped', async () => {
    scratch = createScratchRepo({ conflicting: true });
    const { session } = await scratch.open();
    try {
      const checks = await doctor({ session });
      expect(checks.filter((check) => !check.ok && !check.warning)).toEqual([]);
      expect(checks.find((check) => check.name === 'config')?.detail).toMatch(/^read .*relctl\.config\.json$/);
      expect(checks.find((check) => check.name === 'remote')).toEqual({ name: 'remote', ok: true, detail: 'none (remote: null): a local-only repository' });
      expect(checks.find((check) => check.name === 'run state')).toEqual({ name: 'run state', ok: true, detail: 'no unfinished run' });

      await expect(promote({ session, requestIds: ['A', 'B'], to: 'test' })).rejects.toThrow(/conflict/);
      const after = await doctor({ session });
      expect(after.find((check) => check.name === 'run state')).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^"relctl promote A B --to test" stopped at step \d+ of \d+/),
      });
    } finally {
      session.close();
    }
  });
});
