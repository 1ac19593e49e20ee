import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carryOf, type Facts } from '@relctl/core';
import { approve } from '../operations/approve.js';
import { createScratchRepo, type ScratchRepo } from '../test-support/scratch-repo.js';
import { gatherFacts } from './gather-facts.js';
import { readMergeProofCache } from './lineage-cache.js';

// Sticky approvals' proof on a real repository: each request is approved, production moves,
// then each request's branch moves in its own way; only a clean, unedited merge of production
// into the approved head carries the approval.
describe('gatherFacts: request lineage (the proof behind sticky approvals)', () => {
  let scratch: ScratchRepo;
  let facts: Facts;
  const heads: Record<string, { approved: string; now: string }> = {};
  const git = (...args: string[]): string => scratch.repo.git(args);
  const branchOff = (id: string, file: string): void => {
    git('checkout', '-q', '-b', `req/${id}`, scratch.main);
    scratch.repo.commit(`request ${id}`, { [file]: `${id}\n`, [`.changeset/${id}.md`]: `---\n"scratch": patch\n---\n\n${id}\n` });
    git('checkout', '-q', 'main');
  };

  beforeAll(async () => {
    scratch = createScratchRepo();
    branchOff('C', 'C.txt');
    branchOff('E', 'E.txt');
    branchOff('F', 'F.txt');
    const { session } = await scratch.open();
    try {
      for (const id of ['A', 'B', 'C', 'E', 'F']) await approve({ session, requestId: id, for: 'prod' });
    } finally {
      session.close();
    }
    for (const id of ['A', 'B', 'C', 'E', 'F']) heads[id] = { approved: git('rev-parse', `req/${id}`), now: '' };
    // Production moves: a change of its own, and an A.txt that conflicts with A's.
    scratch.repo.commit('production moves', { 'app.txt': 'ONE\ntwo\nthree\n', 'A.txt': 'production A\n' });
    // B: a clean sync.
    git('checkout', '-q', 'req/B');
    git('merge', '-q', '--no-edit', 'main');
    // A: a sync that conflicts, resolved by hand.
    git('checkout', '-q', 'req/A');
    expect(() => git('merge', '-q', '--no-edit', 'main')).toThrow();
    scratch.repo.write({ 'A.txt': 'A and production\n' });
    git('add', 'A.txt');
    git('commit', '-q', '--no-edit');
    // C: a clean sync, then a developer commit.
    git('checkout', '-q', 'req/C');
    git('merge', '-q', '--no-edit', 'main');
    scratch.repo.commit('more C', { 'C.txt': 'C, more\n' });
    // E: a clean merge someone edited before committing.
    git('checkout', '-q', 'req/E');
    git('merge', '-q', '--no-commit', 'main');
    scratch.repo.write({ 'E.txt': 'E, slipped in\n' });
    git('add', 'E.txt');
    git('commit', '-q', '--no-edit');
    // F: merges another request's branch, not production.
    git('checkout', '-q', 'req/F');
    git('merge', '-q', '--no-edit', 'req/B');
    git('checkout', '-q', 'main');
    for (const id of Object.keys(heads)) heads[id] = { approved: heads[id]?.approved ?? '', now: git('rev-parse', `req/${id}`) };
    const opened = await scratch.open();
    try {
      facts = await gatherFacts(opened.session);
    } finally {
      opened.session.close();
    }
  });
  afterAll(() => scratch?.remove());

  const carried = (id: string) => {
    const head = heads[id] as { approved: string; now: string };
    return carryOf({ facts, request: { id, head: head.now }, sha: head.approved, mode: 'sync' }).state;
  };

  it('a clean sync of production into the approved head carries', () => {
    const head = heads['B'] as { approved: string; now: string };
    expect(facts.lineage?.['B']).toEqual([{ sha: head.now, previous: head.approved, merged: git('rev-parse', 'main'), carries: true }]);
    expect(carried('B')).toBe('carried');
  });

  it('a sync that needed a resolution does not', () => {
    expect(facts.lineage?.['A']?.[0]).toMatchObject({ carries: false, reason: expect.stringContaining('conflicts, so the sync needed a resolution') });
    expect(carried('A')).toBe('stale');
  });

  it('a developer commit after the sync ends the carry', () => {
    expect(facts.lineage?.['C']).toEqual([expect.objectContaining({ sha: heads['C']?.now, carries: false, reason: 'it is a commit of its own, not a sync' })]);
    expect(carried('C')).toBe('stale');
  });

  it('a merge whose tree differs from the clean merge does not', () => {
    expect(facts.lineage?.['E']?.[0]).toMatchObject({ carries: false, reason: expect.stringContaining('its tree differs from the clean merge') });
    expect(carried('E')).toBe('stale');
  });

  it('a merge of something not on production does not', () => {
    expect(facts.lineage?.['F']?.[0]).toMatchObject({ carries: false, reason: expect.stringContaining('which is not on the production branch') });
    expect(carried('F')).toBe('stale');
  });

  it('remembers each tree check by commit, and gathers nothing for a request without older records', async () => {
    const commonDir = git('rev-parse', '--git-common-dir');
    const cache = readMergeProofCache(commonDir.startsWith('/') ? commonDir : `${scratch.repo.dir}/${commonDir}`);
    expect(cache.get(heads['B']?.now ?? '')).toBe('clean');
    expect(cache.get(heads['A']?.now ?? '')).toBe('conflict');
    expect(cache.get(heads['E']?.now ?? '')).toBe('edited');
    git('branch', 'req/G', 'main');
    const { session } = await scratch.open();
    try {
      expect((await gatherFacts(session)).lineage?.['G']).toBeUndefined();
    } finally {
      session.close();
    }
  });
});
