import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF, StateError, type AuditEvent, type CommitInfo } from '@relctl/core';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/index.js';
import type { Repository } from '../repo/repository.js';
import { createSystemGitPort, type SystemGitPort } from '../system/index.js';
import { cachedLogEvents } from './cached-log-events.js';
import { createAuditLog } from './create-audit-log.js';
import { mergeAuditLogs } from './merge-audit-logs.js';

const kim = 'Kim Lee <kim@example.com>';
const ann = 'Ann Park <ann@example.com>';
const T = 1_767_225_600_000;

function event(type: AuditEvent['type'], at: number, actor: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return { type, at, actor, ...extra };
}

// The cache is checked against the uncached reader (`createAuditLog` without `repo`, the port's
// walk): exactly the same JSON after appends, merges, rewrites and damage.
describe('the audit log cache', () => {
  let repo: TempRepo;
  let git: SystemGitPort;
  let handle: Repository;
  const cacheFile = () => join(repo.dir, '.git', 'relctl', 'audit-log-cache.json');

  beforeEach(async () => {
    repo = createTempRepo();
    repo.commit('init', { 'a.txt': 'a\n' });
    git = createSystemGitPort({ cwd: repo.dir });
    handle = await openRepository({ cwd: repo.dir });
  });
  afterEach(() => {
    git.close();
    repo.remove();
  });

  async function moveLog(next: string): Promise<void> {
    await git.updateRefs([{ ref: AUDIT_LOG_REF, expected: await git.readRef(AUDIT_LOG_REF), next }], { message: 'log' });
  }

  /** Read through the cache, counting full reads. */
  async function cachedRead(): Promise<{ events: AuditEvent[]; fullReads: number }> {
    let fullReads = 0;
    const plain = createAuditLog({ git });
    const tip = (await git.readRef(AUDIT_LOG_REF)) as string;
    const { events } = await cachedLogEvents({
      repo: handle,
      tip,
      readAll: async () => ((fullReads += 1), { events: await plain.read(tip), skipped: [] }),
      // The reader's own decoding is checked by the log.read() comparisons; here, its results.
      decode: (commit: CommitInfo) => ({ event: decodedById.get(commit.sha) as AuditEvent }),
    });
    return { events, fullReads };
  }

  /** The events of the uncached reader by id, from the last {@link expectedEvents}. */
  let decodedById = new Map<string, AuditEvent>();
  async function expectedEvents(): Promise<string> {
    const events = await createAuditLog({ git }).read();
    decodedById = new Map(events.map((e) => [e.id as string, e]));
    return JSON.stringify(events);
  }

  it('reads through the cache exactly what the uncached reader reads, after appends, merges and rewrites', async () => {
    const log = createAuditLog({ git, repo: handle });
    const base = await log.append(null, [event('request-created', T, kim, { requestIds: ['A'], data: { title: 'CSV' } })]);
    const first = await log.append(base, [event('approved', T + 1000, ann, { requestIds: ['A'], env: 'prod', sha: 'f'.repeat(40) })]);
    await moveLog(first);
    expect(JSON.stringify(await log.read())).toBe(await expectedEvents());
    expect(existsSync(cacheFile())).toBe(true);

    // Appends only: read from the cache plus the new commits, no full read.
    const appended = await log.append(first, [event('promoted', T + 2000, kim, { requestIds: ['A'], env: 'test' }), event('deployed', T + 1500, ann, { env: 'test' })]);
    await moveLog(appended);
    const expected = await expectedEvents();
    const incremental = await cachedRead();
    expect(JSON.stringify(incremental.events)).toBe(expected);
    expect(incremental.fullReads).toBe(0);
    // Unchanged: the cache alone.
    expect((await cachedRead()).fullReads).toBe(0);
    expect(JSON.stringify(await log.read())).toBe(expected);

    // A merged log (two clones' events interleaved by time): a full read.
    const theirs = await log.append(base, [event('approved', T + 500, ann, { requestIds: ['A'], env: 'test' })]);
    const merged = (await mergeAuditLogs({ git, ours: appended, theirs, actor: kim, at: T + 3000 })) as string;
    await moveLog(merged);
    const afterMerge = await expectedEvents();
    const mergedRead = await cachedRead();
    expect(JSON.stringify(mergedRead.events)).toBe(afterMerge);
    expect(mergedRead.fullReads).toBe(1);
    expect(JSON.stringify(await log.read())).toBe(afterMerge);

    // A rewritten log (the cached tip is not below the new one): a full read.
    const rewritten = await log.append(null, [event('synced', T + 9000, kim)]);
    await moveLog(rewritten);
    const afterRewrite = await expectedEvents();
    const rewrittenRead = await cachedRead();
    expect(JSON.stringify(rewrittenRead.events)).toBe(afterRewrite);
    expect(rewrittenRead.fullReads).toBe(1);
  });

  it('ignores a damaged cache, and still reports a malformed event (through the cache too)', async () => {
    const log = createAuditLog({ git, repo: handle });
    const good = await log.append(null, [event('approved', T, kim, { requestIds: ['A'] })]);
    await moveLog(good);
    await log.read();
    writeFileSync(cacheFile(), '{"version":1,"tip":');
    expect(JSON.stringify(await log.read())).toBe(await expectedEvents());

    const empty = repo.git(['hash-object', '-t', 'tree', '-w', '--stdin'], '');
    const bad = repo.git(['commit-tree', empty, '-p', good, '-m', 'hand-written\n\nRelctl-Event: {"v":1,"type":"approved","requestIds":"A"}']);
    await moveLog(bad);
    await expect(log.read()).rejects.toBeInstanceOf(StateError);
    await expect(createAuditLog({ git }).read()).rejects.toBeInstanceOf(StateError);
    const seen: string[] = [];
    const skipping = createAuditLog({ git, repo: handle, onMalformed: 'skip', onSkipped: (records) => seen.push(...records.map((r) => `${r.id} ${r.problem}`)) });
    expect((await skipping.read()).map((e) => e.type)).toEqual(['approved']);
    // The second read comes from the cache, and still names the commit it leaves out.
    expect((await skipping.read()).map((e) => e.type)).toEqual(['approved']);
    expect(seen).toEqual([`${bad} requestIds is not a list of strings`, `${bad} requestIds is not a list of strings`]);
    const after = await skipping.append(bad, [event('synced', T + 5000, kim)]);
    await moveLog(after);
    expect((await skipping.read()).map((e) => e.type)).toEqual(['approved', 'synced']);
    expect(seen).toHaveLength(3);
  });
});
