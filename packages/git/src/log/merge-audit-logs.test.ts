import { join } from 'node:path';
import { AUDIT_LOG_REF, RemoteRaceError } from '@relctl/core';
import { createTempRepo, git, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemGitPort, createSystemRemote, type SystemGitPort } from '../system/index.js';
import { createAuditLog } from './create-audit-log.js';
import { mergeAuditLogs } from './merge-audit-logs.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

const T = 1_767_225_600_000;

describe('mergeAuditLogs across clones', () => {
  it('lets a clone that lost the push race fetch, merge the logs and push again without losing an event', async () => {
    const origin = createTempRepo({ bare: true });
    cleanup.push(() => origin.remove());
    const clones: Array<{ repo: TempRepo; port: SystemGitPort }> = [];
    for (const label of ['kim', 'ann']) {
      const dir = join(makeTempDir(label), 'clone');
      git(origin.dir, ['clone', '-q', origin.dir, dir]);
      const repo = openTempRepo(dir);
      const port = createSystemGitPort({ cwd: dir });
      cleanup.push(
        () => port.close(),
        () => repo.remove(),
      );
      clones.push({ repo, port });
    }
    const [kim, ann] = clones as [(typeof clones)[0], (typeof clones)[0]];

    // Kim starts the shared log.
    const kimTip = await createAuditLog({ git: kim.port }).append(null, [{ type: 'request-created', at: T, actor: 'Kim <kim@x>', requestIds: ['A'] }]);
    await kim.port.updateRefs([{ ref: AUDIT_LOG_REF, expected: null, next: kimTip }], { message: 'log' });
    await createSystemRemote({ cwd: kim.repo.dir }).push('origin', [{ ref: AUDIT_LOG_REF, lease: null, next: kimTip }]);

    // Ann appends on top of what she fetched; Kim appends and pushes first.
    const annRemote = createSystemRemote({ cwd: ann.repo.dir });
    await annRemote.fetch('origin');
    const annBase = await ann.port.readRef('refs/remotes/origin/relctl/log');
    expect(annBase).toBe(kimTip);
    const annTip = await createAuditLog({ git: ann.port }).append(annBase, [
      { type: 'approved', at: T + 20_000, actor: 'Ann <ann@x>', requestIds: ['A'], env: 'prod', sha: kimTip },
    ]);
    const kimNext = await createAuditLog({ git: kim.port }).append(kimTip, [{ type: 'promoted', at: T + 10_000, actor: 'Kim <kim@x>', requestIds: ['A'], env: 'test' }]);
    await createSystemRemote({ cwd: kim.repo.dir }).push('origin', [{ ref: AUDIT_LOG_REF, lease: kimTip, next: kimNext }]);

    await expect(annRemote.push('origin', [{ ref: AUDIT_LOG_REF, lease: annBase, next: annTip }])).rejects.toBeInstanceOf(RemoteRaceError);

    await annRemote.fetch('origin');
    const theirs = await ann.port.readRef('refs/remotes/origin/relctl/log');
    const merged = await mergeAuditLogs({ git: ann.port, ours: annTip, theirs, actor: 'Ann <ann@x>', at: T + 30_000 });
    await annRemote.push('origin', [{ ref: AUDIT_LOG_REF, lease: theirs, next: merged! }]);

    const originPort = createSystemGitPort({ cwd: origin.dir });
    cleanup.push(() => originPort.close());
    const events = await createAuditLog({ git: originPort }).read(origin.git(['rev-parse', AUDIT_LOG_REF]));
    expect(events.map((event) => `${event.type} by ${event.actor}`)).toEqual(['request-created by Kim <kim@x>', 'promoted by Kim <kim@x>', 'approved by Ann <ann@x>']);
  });

  it('takes a log the remote repaired (an unreadable commit taken out) instead of merging it back, keeping our unpublished events', async () => {
    const repo = createTempRepo();
    const port = createSystemGitPort({ cwd: repo.dir });
    cleanup.push(
      () => port.close(),
      () => repo.remove(),
    );
    const log = createAuditLog({ git: port, onMalformed: 'skip' });
    const base = await log.append(null, [{ type: 'request-created', at: T, actor: 'Kim <kim@x>', requestIds: ['A'] }]);
    const empty = repo.git(['hash-object', '-t', 'tree', '-w', '--stdin'], '');
    const bad = repo.git(['commit-tree', empty, '-p', base, '-m', 'hand-written\n\nRelctl-Event: {"v":1,']);
    const published = await log.append(bad, [{ type: 'promoted', at: T + 1000, actor: 'Kim <kim@x>', requestIds: ['A'], env: 'test' }]);
    const ours = await log.append(published, [{ type: 'approved', at: T + 2000, actor: 'Ann <ann@x>', requestIds: ['A'], env: 'prod' }]);
    // The repair: the commits after the bad one written again on top of its parent.
    const promoted = repo.git(['cat-file', 'commit', published]).replace(`parent ${bad}`, `parent ${base}`);
    const theirs = repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], `${promoted}\n`);

    const healed = await mergeAuditLogs({ git: port, ours, theirs, actor: 'Ann <ann@x>', at: T + 3000 });
    expect(await port.isAncestor(theirs, healed!)).toBe(true);
    expect(await port.isAncestor(bad, healed!)).toBe(false);
    const events = await createAuditLog({ git: port }).read(healed);
    expect(events.map((event) => `${event.type} by ${event.actor}`)).toEqual(['request-created by Kim <kim@x>', 'promoted by Kim <kim@x>', 'approved by Ann <ann@x>']);

    // Without an unreadable commit on our side, diverged logs are merged as always.
    const other = await log.append(base, [{ type: 'synced', at: T + 4000, actor: 'Kim <kim@x>' }]);
    const merged = await mergeAuditLogs({ git: port, ours: other, theirs, actor: 'Ann <ann@x>', at: T + 5000 });
    expect((await port.firstParentHistory(merged!, { limit: 1 }))[0]?.parents).toEqual([other, theirs]);
  });
});
