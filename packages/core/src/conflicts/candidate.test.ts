import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import type { AuditEvent } from '../model/audit-event.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { planPromotion } from '../plan/plan-promotion.js';
import { allow, LOG, MAIN, policy, request, sha, storyFacts } from '../plan/fixtures.spec.js';
import { approvedCandidatesFromEvents } from './approved-candidates-from-events.js';
import { candidateRef } from './candidate-ref.js';
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
  it("takes the promotion's own merges and release, on the candidate branch, and moves only that branch", () => {
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
