import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '@relctl/core';
import { gitResult } from '@relctl/testing';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { forgetSharedResolutions } from './forget-shared-resolutions.js';
import { learnSharedResolutions } from './learn-shared-resolutions.js';
import { listSharedResolutions } from './list-shared-resolutions.js';

describe('learn, list and forget shared resolutions (engine, no CLI)', () => {
  let scratch: ScratchRepo;
  afterEach(() => scratch.remove());

  it('learns the resolution of a merge finished by hand, lists it, and forgets it by path', async () => {
    scratch = createScratchRepo({ conflicting: true });
    const { repo } = scratch;
    repo.git(['checkout', '-q', 'req/A']);
    expect(gitResult(repo.dir, ['merge', '-q', 'req/B'], { allowFailure: true }).status).toBe(1); // conflicts in app.txt
    const merge = repo.commit('merge B, resolved by hand', { 'app.txt': 'one\ntwo by A and B\nthree\n' });
    const { session } = await scratch.open();
    try {
      expect(await listSharedResolutions({ session })).toEqual([]);
      await expect(learnSharedResolutions({ session, revisions: [scratch.main] })).rejects.toBeInstanceOf(UsageError);

      const preview = await learnSharedResolutions({ session, revisions: [merge], dryRun: true });
      expect(preview).toMatchObject([{ revision: merge, path: 'app.txt', commit: null }]);
      expect(await listSharedResolutions({ session })).toEqual([]);

      const learned = await learnSharedResolutions({ session });
      expect(learned).toMatchObject([{ revision: 'HEAD', path: 'app.txt', key: preview[0]!.key }]);
      const listed = await listSharedResolutions({ session });
      expect(listed).toMatchObject([{ key: preview[0]!.key, path: 'app.txt', where: 'here', source: merge, commit: learned[0]!.commit }]);
      expect(listed[0]!.signature.status).toBe('unsigned');

      await expect(forgetSharedResolutions({ session, targets: ['nothing.txt'] })).rejects.toBeInstanceOf(UsageError);
      expect(await forgetSharedResolutions({ session, targets: ['app.txt'] })).toMatchObject([{ path: 'app.txt' }]);
      expect(await listSharedResolutions({ session })).toEqual([]);
    } finally {
      session.close();
    }
  });
});
