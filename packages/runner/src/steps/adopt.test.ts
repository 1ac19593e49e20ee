import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF, StateError, type Plan } from '@relctl/core';
import { createAuditLog, createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { executePlan } from '../execute-plan.js';
import { createFileRunStateStore } from '../file-run-state-store.js';
import type { RunOptions } from '../run-context.js';

const options: RunOptions = {
  actor: 'Runner Test <runner@example.com>',
  identity: { name: 'Runner Test', email: 'runner@example.com' },
  now: () => Date.UTC(2026, 0, 2),
  tagPrefix: 'v',
};
const MESSAGE = 'Release 1.1.0\n\nMinor changes:\n- A: CSV export\n\nRelctl-Release: 1.1.0\nRelctl-Requests: A\n';

describe('adopt step on a real repository', () => {
  let repo: TempRepo;
  let git: SystemGitPort;
  let main: string;
  let release: string;

  beforeEach(() => {
    repo = createTempRepo();
    main = repo.commit('base', { 'app.txt': 'one\n' });
    // A candidate as `relctl candidate A` builds it: main + a merge of req/A + a release commit.
    repo.git(['switch', '-q', '-c', 'req/A']);
    repo.commit('A', { 'app.txt': 'ONE\n' });
    repo.git(['switch', '-q', '-c', 'candidate/A', 'main']);
    repo.git(['merge', '-q', '--no-ff', '-m', 'Merge request A\n\nRelctl-Request: A\nRelctl-Env: prod', 'req/A']);
    release = repo.commit(MESSAGE, { VERSION: '1.1.0\n' });
    repo.git(['switch', '-q', 'main']);
    git = createSystemGitPort({ cwd: repo.dir });
  });
  afterEach(() => {
    git.close();
    repo.remove();
  });

  const plan = (tip: string): Plan => ({
    command: 'promote A --to prod',
    expected: { 'refs/heads/main': tip, [AUDIT_LOG_REF]: null },
    steps: [
      { kind: 'adopt', ref: 'refs/heads/main', env: 'prod', requestIds: ['A'], commit: release },
      { kind: 'tag', ref: 'refs/heads/main' },
      { kind: 'record', event: { type: 'released', env: 'prod', requestIds: ['A'] }, shaOf: 'refs/heads/main', withRelease: true },
      { kind: 'update-refs', refs: ['refs/heads/main', AUDIT_LOG_REF] },
    ],
    notes: [],
  });
  const run = (tip: string) =>
    executePlan({
      plan: plan(tip),
      ports: { git, log: createAuditLog({ git }) },
      options,
      store: createFileRunStateStore({ dir: mkdtempSync(join(tmpdir(), 'relctl-runstate-')) }),
    });

  it('fast-forwards to the candidate commit and tags it with the version and notes of its message', async () => {
    const result = await run(main);
    expect(repo.git(['rev-parse', 'main'])).toBe(release);
    expect(repo.git(['rev-parse', 'v1.1.0^{commit}'])).toBe(release);
    expect(repo.git(['tag', '-l', '--format=%(contents)', 'v1.1.0'])).toBe('Release 1.1.0 (2026-01-02)\n\nMinor changes:\n- A: CSV export');
    expect(result.state.release).toMatchObject({ version: '1.1.0', tagName: 'v1.1.0', message: MESSAGE, tree: repo.git(['rev-parse', `${release}^{tree}`]) });
    expect(await createAuditLog({ git }).read()).toMatchObject([{ type: 'released', sha: release, data: { version: '1.1.0', tag: 'v1.1.0' } }]);
  });

  it('refuses, moving nothing, when the candidate does not descend from the branch or its tag exists', async () => {
    const moved = repo.commit('hotfix on main', { 'hotfix.txt': 'x\n' });
    const before = repo.git(['for-each-ref']);
    await expect(run(moved)).rejects.toThrow(StateError);
    await expect(run(moved)).rejects.toThrow(/does not descend from main/);
    expect(repo.git(['for-each-ref'])).toBe(before);

    repo.git(['reset', '-q', '--hard', main]);
    repo.git(['tag', 'v1.1.0', main]);
    const tagged = repo.git(['for-each-ref']);
    await expect(run(main)).rejects.toThrow(/Tag v1.1.0 exists already/);
    expect(repo.git(['for-each-ref'])).toBe(tagged);
  });
});
