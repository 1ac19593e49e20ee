import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import type { AuditEvent } from '../model/audit-event.js';
import type { CommitInfo } from '../ports/git-port.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { planPromotion } from '../plan/plan-promotion.js';
import { allow, LOG, MAIN, policy, request, sha, storyFacts } from '../plan/fixtures.spec.js';
import { approvedCandidatesFromEvents } from './approved-candidates-from-events.js';
import { candidateMergeCommit } from './candidate-merge-commit.js';
import { candidateRef } from './candidate-ref.js';
import { pinPromotionToCandidate } from './pin-promotion-to-candidate.js';
import { planCandidate } from './plan-candidate.js';
import { planCandidateApproval } from './plan-candidate-approval.js';

describe('candidateRef', () => {
  it('names a branch under candidate/', () => {
    expect(candidateRef({ name: 'A-C' })).toBe('refs/heads/candidate/A-C');
  });
  it.each(['', 'a..b', 'x y', 'end.lock', '-'.repeat(0)])('refuses %j', (name) => {
    expect(() => candidateRef({ name })).toThrow(UsageError);
  });
});

describe('planCandidate', () => {
  it('takes the promotion\'s own merges and release, on the candidate branch, and moves only that branch', () => {
    const facts = storyFacts();
    const { plan, ref, order, merged, base, shas } = planCandidate({ policy: policy(), facts, requestIds: ['C', 'A'], name: 'A-C', current: null, command: 'candidate C A' });
    expect(ref).toBe('refs/heads/candidate/A-C');
    expect(order).toEqual(['C', 'A']);
    expect(merged).toEqual(['C', 'A']);
    expect(base).toBe(MAIN);
    expect(shas).toEqual({ C: sha('C-head'), A: sha('A-head') });
    const promotion = planPromotion({
      policy: policy(),
      facts,
      intent: { target: 'prod', requestIds: ['C', 'A'], overrides: [] },
      decision: allow('prod', ['C', 'A']),
      command: 'candidate C A',
    });
    const promotionCore = promotion.steps.filter((step) => (step.kind === 'merge' || step.kind === 'release') && step.ref === 'refs/heads/main').map((step) => ({ ...step, ref }));
    expect(plan.steps).toEqual([
      { kind: 'reset', ref, to: { sha: MAIN } },
      ...promotionCore,
      { kind: 'update-refs', refs: [ref] },
      { kind: 'push', remote: 'origin', refs: [ref] },
    ]);
    expect(plan.expected).toEqual({ [ref]: null, 'refs/heads/main': MAIN, 'refs/heads/req/C': sha('C-head'), 'refs/heads/req/A': sha('A-head') });
    expect(plan.expected[AUDIT_LOG_REF]).toBeUndefined();
    expect(plan.steps.some((step) => step.kind === 'record' || step.kind === 'tag' || step.kind === 'sync')).toBe(false);
  });

  it('trial plans build objects only', () => {
    const { plan } = planCandidate({ policy: policy(null), facts: storyFacts(), requestIds: ['A'], name: 'x', current: sha('old'), trial: true, command: 'c' });
    expect(plan.steps.map((step) => step.kind)).toEqual(['reset', 'merge', 'release']);
    expect(plan.expected['refs/heads/candidate/x']).toBe(sha('old'));
  });

  it('adds declared dependencies with withDeps, first', () => {
    const facts = storyFacts();
    facts.requests = facts.requests.map((item) => (item.id === 'C' ? request('C', { dependsOn: ['B'] }) : item));
    const { order, plan } = planCandidate({ policy: policy(), facts, requestIds: ['C'], name: 'c', current: null, withDeps: true, command: 'c' });
    expect(order).toEqual(['B', 'C']);
    expect(plan.notes).toContain('Dependencies added: B.');
  });

  it('refuses when everything is already released', () => {
    const facts = storyFacts();
    const a = facts.requests[0]!;
    facts.environments[1]!.members.push({ requestId: 'A', sha: a.head });
    const both = planCandidate({ policy: policy(), facts, requestIds: ['A', 'C'], name: 'ac', current: null, command: 'c' });
    expect([both.order, both.merged]).toEqual([['A', 'C'], ['C']]);
    expect(both.plan.notes).toContain('A is already in prod; not merged into the candidate.');
    expect(() => planCandidate({ policy: policy(), facts, requestIds: ['A'], name: 'a', current: null, command: 'c' })).toThrow(/already in prod/);
  });
});

const identity = { name: 'T', email: 't@x', timestamp: 1, timezoneOffset: 0 };
const commit = (id: string, parents: string[], message: string): CommitInfo => ({ sha: sha(id), tree: sha(`${id}-tree`), parents, message, author: identity, committer: identity });

describe('candidateMergeCommit', () => {
  const mergeA = commit('mA', [MAIN, sha('A-head')], 'Merge A\n\nRelctl-Request: A\nRelctl-Env: prod\n');
  const mergeC = commit('mC', [sha('mA'), sha('C-head')], 'Merge C\n\nRelctl-Request: C\nRelctl-Env: prod\n');
  const release = commit('rel', [sha('mC')], 'Release 1.4.0\n\nRelctl-Release: 1.4.0\n');
  const history = [release, mergeC, mergeA, commit('main', [sha('older')], 'x')];
  const merges = [
    { requestId: 'A', sha: sha('A-head') },
    { requestId: 'C', sha: sha('C-head') },
  ];

  it('is the last merge when the history is exactly the promotion', () => {
    expect(candidateMergeCommit({ commits: history, base: MAIN, merges })).toBe(sha('mC'));
  });
  it('is null when a request moved, the base moved, or the order differs', () => {
    expect(candidateMergeCommit({ commits: history, base: MAIN, merges: [merges[0]!, { requestId: 'C', sha: sha('C-new') }] })).toBeNull();
    expect(candidateMergeCommit({ commits: history, base: sha('main-2'), merges })).toBeNull();
    expect(candidateMergeCommit({ commits: history, base: MAIN, merges: [...merges].reverse() })).toBeNull();
    expect(candidateMergeCommit({ commits: history, base: MAIN, merges: merges.slice(1) })).toBeNull();
    expect(candidateMergeCommit({ commits: history.slice(0, 2), base: MAIN, merges })).toBeNull();
  });
});

describe('pinPromotionToCandidate', () => {
  it('replaces the merges into the release branch with one reset, keeping everything else', () => {
    const facts = storyFacts();
    const plan = planPromotion({ policy: policy(), facts, intent: { target: 'prod', requestIds: ['A', 'C'], overrides: [] }, decision: allow('prod', ['A', 'C']), command: 'promote A C --to prod' });
    const pinned = pinPromotionToCandidate({ plan, ref: 'refs/heads/main', commit: sha('mC'), candidate: 'A-C' });
    expect(pinned.steps[0]).toEqual({ kind: 'reset', ref: 'refs/heads/main', to: { sha: sha('mC') } });
    expect(pinned.steps.filter((step) => step.kind === 'merge' && step.ref === 'refs/heads/main')).toEqual([]);
    expect(pinned.steps.slice(1)).toEqual(plan.steps.filter((step) => !(step.kind === 'merge' && step.ref === 'refs/heads/main')));
    expect(pinned.notes.at(-1)).toContain('candidate A-C');
  });
});

describe('candidate approvals', () => {
  const candidate = { name: 'A-C', commit: sha('rel'), tree: sha('tree'), base: MAIN, requestIds: ['A', 'C'], shas: { A: sha('A-head'), C: sha('C-head') } };

  it('record an approved event without a sha, read back as an approved candidate', () => {
    const plan = planCandidateApproval({ policy: policy(), facts: storyFacts(), env: 'prod', candidate, by: 'Kim <kim@x.io>', command: 'approve --candidate A-C --for prod' });
    expect(plan.expected).toEqual({ [AUDIT_LOG_REF]: LOG });
    const record = plan.steps[0];
    expect(record?.kind).toBe('record');
    if (record?.kind !== 'record') return;
    expect(record.event.sha).toBeUndefined();
    const event: AuditEvent = { ...record.event, at: 5, actor: 'Lee <lee@x.io>' };
    expect(approvedCandidatesFromEvents({ events: [event] })).toEqual([
      { candidate: 'A-C', env: 'prod', tree: sha('tree'), commit: sha('rel'), base: MAIN, requestIds: ['A', 'C'], shas: candidate.shas, by: 'Kim <kim@x.io>', at: 5 },
    ]);
  });

  it('skip malformed events', () => {
    const events: AuditEvent[] = [
      { type: 'approved', at: 1, actor: 'x', env: 'prod', requestIds: ['A'], sha: sha('A-head') },
      { type: 'approved', at: 1, actor: 'x', env: 'prod', data: { candidate: 'x', tree: 'not-a-sha' } },
      { type: 'deployed', at: 1, actor: 'x', env: 'prod', data: { candidate: 'x', tree: sha('t') } },
    ];
    expect(approvedCandidatesFromEvents({ events })).toEqual([]);
  });

  it('refuse an unknown environment', () => {
    expect(() => planCandidateApproval({ policy: policy(), facts: storyFacts(), env: 'stage', candidate, by: 'x', command: 'c' })).toThrow(UsageError);
  });
});
