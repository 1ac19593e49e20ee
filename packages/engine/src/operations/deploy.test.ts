import { afterEach, describe, expect, it } from 'vitest';
import { RuleDeniedError } from '@relctl/core';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { deploy } from './deploy.js';
import { rollback } from './rollback.js';

describe('deploy and rollback (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('deploy: a dry run describes the steps and changes nothing; the real one runs the command under the lock and records it', async () => {
    scratch = createScratchRepo();
    const { session, events } = await scratch.open();
    try {
      const preview = await deploy({ session, env: 'test', dryRun: true });
      expect(preview.outcome).toBeNull();
      expect(preview.sha).toBe(scratch.main);
      expect(preview.command).toBe('deploy test');
      expect(preview.steps[0]).toBe('take the deploy lock of test (lock-acquired in refs/relctl/log)');
      expect(preview.steps.at(-1)).toMatch(/^record deployed of test at [0-9a-f]{7} and release the lock$/);
      expect(scratch.deployed()).toEqual([]);
      expect(await session.git.readRef('refs/relctl/log')).toBeNull();

      const done = await deploy({ session, env: 'test' });
      expect(done.outcome?.result.ok).toBe(true);
      expect(done.onBranch).toBe(true);
      expect(scratch.deployed()).toEqual([scratch.main]);
      expect(events).toContainEqual({ type: 'deploy-output', stream: 'stdout', line: '[deploy test] deployed' });
      const recorded = (await session.log.read()).map((event) => event.type);
      expect(recorded).toEqual(['lock-acquired', 'deployed', 'lock-released']);
    } finally {
      session.close();
    }
  });

  it('deploy: a SHA off the branch is refused without overrideSha, and nothing is recorded', async () => {
    scratch = createScratchRepo();
    const { session } = await scratch.open();
    try {
      await expect(deploy({ session, env: 'test', sha: scratch.heads.A })).rejects.toBeInstanceOf(RuleDeniedError);
      expect(scratch.deployed()).toEqual([]);
      expect(await session.git.readRef('refs/relctl/log')).toBeNull();
    } finally {
      session.close();
    }
  });

  it('rollback: deploys the previous successful deployment again and records rolled-back', async () => {
    scratch = createScratchRepo();
    const newer = scratch.repo.git(['commit-tree', '-p', scratch.main, '-m', 'test moved', `${scratch.main}^{tree}`]);
    const { session, events } = await scratch.open();
    try {
      await deploy({ session, env: 'test' });
      scratch.repo.git(['branch', '-f', 'env/test', newer]);
      await deploy({ session, env: 'test' });
      events.length = 0;
      const back = await rollback({ session, env: 'test' });
      expect(back.sha).toBe(scratch.main);
      expect(back.from?.sha).toBe(newer);
      expect(back.outcome?.result.ok).toBe(true);
      expect(back.notes[0]).toMatch(new RegExp(`^live now: ${newer.slice(0, 7)}; going back to ${scratch.main.slice(0, 7)}, deployed `));
      expect(events[0]).toEqual({ type: 'note', message: back.notes[0] });
      expect(scratch.deployed()).toEqual([scratch.main, newer, scratch.main]);
      expect((await session.log.read()).filter((event) => event.type === 'rolled-back')).toHaveLength(1);
      expect(await session.git.readRef('refs/heads/env/test')).toBe(newer); // no branch moved
    } finally {
      session.close();
    }
  });
});
