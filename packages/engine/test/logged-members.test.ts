import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOG_REF, encodeAuditEvent, type AuditEvent } from '@relctl/core';
import { newRequest, promote, type Session } from '../src/index.js';
import { createScratchRepo, type ScratchRepo } from './scratch-session.js';

// The audit log says test holds every request promoted there and not demoted since (or since the
// last recorded rebuild). A log that never recorded a rebuild — written before relctl recorded
// them, or by the benchmark's generator, which models such a repository — still claims every
// request that once went to test. A claimed request the branch does not merge by name but holds
// (it shipped, and test's base is the release that contains it) is not missing: reading it as
// missing re-merged every shipped request into test on each later promotion (the bench saw 485
// merges on test where 50 requests were open).
describe('a shipped request that a log without rebuild records still claims for test', () => {
  let scratch: ScratchRepo;
  async function withSession<T>(body: (session: Session) => Promise<T>): Promise<T> {
    const session = await scratch.session();
    try {
      return await body(session);
    } finally {
      session.close();
    }
  }
  /** Append `events` to the audit log with plain git, as another writer would. */
  function appendEvents(events: AuditEvent[]): void {
    const { git } = scratch.repo;
    const tree = git(['hash-object', '-t', 'tree', '-w', '--stdin'], '');
    let tip = git(['rev-parse', '--verify', '--quiet', AUDIT_LOG_REF]);
    for (const event of events) tip = git(['commit-tree', tree, ...(tip ? ['-p', tip] : []), '-F', '-'], encodeAuditEvent(event));
    git(['update-ref', AUDIT_LOG_REF, tip]);
  }
  /** The requests env/test's own merges name, oldest first. */
  function mergedOnTest(): string[] {
    const base = scratch.repo.git(['merge-base', 'main', 'env/test']);
    return scratch.repo
      .git(['log', '--first-parent', '--merges', '--reverse', '--format=%s', `${base}..env/test`])
      .split('\n')
      .filter(Boolean);
  }

  beforeAll(async () => {
    scratch = createScratchRepo();
    for (const id of ['A', 'B']) await withSession((session) => newRequest({ session, id, title: `Request ${id}` }));
    const a = scratch.commitOn('req/A', 'CSV export', { 'src/orders.js': 'export const total = 1;\n' });
    scratch.commitOn('req/B', 'Grid layout', { 'src/products.js': "export const products = ['Tea', 'grid'];\n" });
    // A went to test and shipped; test was then reset to the release by hand (nothing recorded it).
    scratch.repo.git(['merge', '-q', '--no-ff', '-m', 'Merge request A into prod', 'req/A']);
    const release = scratch.repo.git(['rev-parse', 'main']);
    scratch.repo.git(['branch', '-f', 'env/test', release]);
    const actor = 'Lee <lee@example.com>';
    appendEvents([
      { type: 'promoted', at: Date.UTC(2026, 0, 10), actor, requestIds: ['A'], env: 'test', data: { shas: { A: a } } },
      { type: 'promoted', at: Date.UTC(2026, 0, 11), actor, requestIds: ['A'], env: 'prod', data: { shas: { A: a } } },
    ]);
  });
  afterAll(() => scratch?.repo.remove());

  it('is not merged into test again by the next promotion there', async () => {
    await withSession((session) => promote({ session, requestIds: ['B'], to: 'test' }));
    const merged = mergedOnTest();
    expect(merged.filter((subject) => subject.startsWith('Merge request A'))).toEqual([]);
    expect(merged.filter((subject) => subject.startsWith('Merge request B:'))).toHaveLength(1);
  });
});
