import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { boardData } from './board-data.js';
import { closeRequest } from './close-request.js';
import { deploy } from './deploy.js';
import { newRequest } from './new-request.js';
import { promote } from './promote.js';
import { readStatus } from './read-status.js';

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

  it("carries status's life facts: a closed request (who, why), a hotfix, and test built on an older production tip", async () => {
    scratch = createScratchRepo();
    const opened = await scratch.open();
    try {
      await promote({ session: opened.session, requestIds: ['A'], to: 'test' });
      await newRequest({ session: opened.session, id: 'H', title: 'Checkout returns 500', hotfix: true });
      await closeRequest({ session: opened.session, requestId: 'B', reason: 'not needed' });
    } finally {
      opened.session.close();
    }
    // Production moves outside relctl: test is now built on an older production tip.
    const fix = scratch.repo.commit('Fix pushed to main by hand', { 'fix.txt': 'fixed\n' });
    const { session } = await scratch.open();
    try {
      const data = await boardData({ session });
      const rows = data.status.requests.map((row) => ({ id: row.id, state: row.state, hidden: row.hidden, hotfix: row.hotfix, reason: row.closed?.reason }));
      expect(rows).toEqual([
        { id: 'A', state: 'open', hidden: false, hotfix: undefined, reason: undefined },
        { id: 'H', state: 'open', hidden: false, hotfix: true, reason: undefined },
        { id: 'B', state: 'closed', hidden: true, hotfix: undefined, reason: 'not needed' },
      ]);
      // A closed request is not merged in the matrix of open requests.
      expect(data.conflicts.requests.map((request) => request.id)).toEqual(['A', 'H']);
      expect(data.status.environments.find((env) => env.name === 'test')?.staleBase).toEqual({ base: scratch.main, baseEnv: 'prod', baseTip: fix });
      // The same facts as relctl status, from the same function.
      const status = await readStatus({ session });
      const facts = (report: typeof status) => ({
        requests: report.requests.map((row) => [row.id, row.state, row.hidden, row.closed, row.hotfix]),
        staleBases: report.environments.map((env) => env.staleBase),
      });
      expect(facts(data.status)).toEqual(facts(status));
    } finally {
      session.close();
    }
  });
});
