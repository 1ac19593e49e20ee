import { describe, expect, it } from 'vitest';
import { NotFoundError, StateError } from '../errors/index.js';
import type { Environment } from '../model/environment.js';
import type { Facts } from '../model/facts.js';
import { describePlan } from './describe-plan.js';
import { LOG, NOW, member, policy, prodEnv, sha, storyFacts, testEnv } from './fixtures.spec.js';
import { planRevert } from './plan-revert.js';

const PROD_TIP = sha('release-1.4.0');
const MERGE_A = sha('prod-merge-A');

/** After `promote A C --to prod`: prod holds A and C (each by a merge), test was rebuilt with B and D. */
function shippedFacts(): Facts {
  const facts = storyFacts();
  const [a, b, c, d] = facts.requests;
  const testMembers = [member(b!), member(d!)];
  facts.environments = [
    { name: 'test', tip: testMembers[1]!.mergeCommit ?? null, base: PROD_TIP, members: testMembers },
    {
      name: 'prod',
      tip: PROD_TIP,
      version: '1.4.0',
      members: [
        { requestId: 'A', sha: a!.head, mergeCommit: MERGE_A, since: NOW - 500 },
        { requestId: 'C', sha: c!.head, mergeCommit: sha('prod-merge-C'), since: NOW - 400 },
      ],
    },
  ];
  return facts;
}

describe('planRevert', () => {
  it('reverts the merge, releases a patch with a synthetic changeset, tags, rebuilds test and records it', () => {
    const plan = planRevert({ policy: policy(), facts: shippedFacts(), requestId: 'A', reason: 'breaks  checkout', command: 'revert A' });
    expect(plan.expected).toEqual({
      'refs/heads/main': PROD_TIP,
      'refs/heads/env/test': sha('test-merge-D-' + sha('D-head')),
      'refs/relctl/log': LOG,
    });
    expect(plan.steps.slice(0, 4)).toEqual([
      {
        kind: 'revert',
        ref: 'refs/heads/main',
        env: 'prod',
        requestId: 'A',
        commit: MERGE_A,
        message: `Revert A: Title A\n\nThis reverts merge commit ${MERGE_A},\nwhich brought request A into prod.\n\nReason: breaks checkout\n`,
      },
      {
        kind: 'commit-files',
        ref: 'refs/heads/main',
        files: { '.changeset/A.md': '---\nbump: patch\n---\n\nRevert A: Title A\n' },
        message: 'Changeset for the revert of A',
      },
      { kind: 'release', ref: 'refs/heads/main', env: 'prod', requestIds: ['A'] },
      { kind: 'tag', ref: 'refs/heads/main' },
    ]);
    // test is rebuilt on the new main (nothing reused: its base moves) with what it holds now.
    expect(plan.steps.slice(4, 7)).toEqual([
      { kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } },
      expect.objectContaining({ kind: 'merge', ref: 'refs/heads/env/test', requestId: 'B', sha: sha('B-head') }),
      expect.objectContaining({ kind: 'merge', ref: 'refs/heads/env/test', requestId: 'D', sha: sha('D-head') }),
    ]);
    expect(plan.steps.slice(7)).toEqual([
      {
        kind: 'record',
        event: {
          type: 'reverted',
          env: 'prod',
          requestIds: ['A'],
          reason: 'breaks checkout',
          data: { mergeCommit: MERGE_A, sha: sha('A-head'), title: 'Title A' },
        },
        shaOf: 'refs/heads/main',
        withRelease: true,
      },
      {
        kind: 'record',
        event: { type: 'released', env: 'prod', requestIds: ['A'], data: { revert: MERGE_A } },
        shaOf: 'refs/heads/main',
        withRelease: true,
      },
      {
        kind: 'record',
        event: { type: 'promoted', env: 'test', requestIds: ['B', 'D'], data: { rebuild: true, base: 'prod', removed: [] } },
      },
      { kind: 'update-refs', refs: ['refs/heads/main', 'refs/heads/env/test', 'refs/relctl/log'] },
      { kind: 'push', remote: 'origin', refs: ['refs/heads/main', 'refs/heads/env/test', 'refs/relctl/log'] },
    ]);
    expect(plan.notes).toEqual([]);
    expect(describePlan(plan)[0]).toBe(`revert A on main (merge ${MERGE_A.slice(0, 7)}, as git revert -m 1)`);
  });

  it('keeps a request that is still in test in its set (merged again on top) and says what that brings back', () => {
    const facts = shippedFacts();
    const test = facts.environments[0]!;
    test.members = [...test.members, member(facts.requests[0]!)];
    const plan = planRevert({ policy: policy(null), facts, requestId: 'A', command: 'revert A' });
    const merges = plan.steps.filter((step) => step.kind === 'merge').map((step) => step.kind === 'merge' && step.requestId);
    expect(merges).toEqual(['B', 'D', 'A']);
    expect(plan.notes.join('\n')).toMatch(/A is still in test's set: it stays there/);
    expect(plan.steps.at(-1)).toEqual({ kind: 'update-refs', refs: ['refs/heads/main', 'refs/heads/env/test', 'refs/relctl/log'] });
    const revert = plan.steps[0];
    expect(revert?.kind === 'revert' && revert.message).not.toMatch(/Reason/);
  });

  it('rebuilds environments built on a rebuilt one, and notes one whose branch does not exist', () => {
    const staging: Environment = { name: 'staging', branch: 'env/staging', kind: 'integration', base: 'test', rules: [] };
    const qa: Environment = { name: 'qa', branch: 'env/qa', kind: 'integration', rules: [] };
    const facts = shippedFacts();
    facts.environments.push({ name: 'staging', tip: sha('staging-tip'), base: sha('old'), members: [] });
    const plan = planRevert({ policy: policy('origin', [testEnv, staging, qa, prodEnv]), facts, requestId: 'C', command: 'revert C' });
    const resets = plan.steps.flatMap((step) => (step.kind === 'reset' ? [[step.ref, 'ref' in step.to ? step.to.ref : '']] : []));
    expect(resets).toEqual([
      ['refs/heads/env/test', 'refs/heads/main'],
      ['refs/heads/env/staging', 'refs/heads/env/test'],
    ]);
    expect(plan.notes).toEqual(['qa (env/qa) does not exist yet; not rebuilt.']);
    expect(plan.expected['refs/heads/env/staging']).toBe(sha('staging-tip'));
  });

  it('refuses an unknown request, one not in prod, one without a merge commit, and a missing prod branch', () => {
    const facts = shippedFacts();
    expect(() => planRevert({ policy: policy(), facts, requestId: 'Z', command: 'revert Z' })).toThrow(NotFoundError);
    expect(() => planRevert({ policy: policy(), facts, requestId: 'B', command: 'revert B' })).toThrow(/Request B is not in prod, so there is nothing to revert/);
    expect(() => planRevert({ policy: policy(), facts, requestId: 'B', command: 'revert B' })).toThrow(StateError);
    const noMerge = shippedFacts();
    delete noMerge.environments[1]!.members[0]!.mergeCommit;
    expect(() => planRevert({ policy: policy(), facts: noMerge, requestId: 'A', command: 'revert A' })).toThrow(/no relctl merge of it was found/);
    const noProd = shippedFacts();
    noProd.environments[1]!.tip = null;
    expect(() => planRevert({ policy: policy(), facts: noProd, requestId: 'A', command: 'revert A' })).toThrow(StateError);
  });
});
