import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import type { Facts } from '../model/facts.js';
import { evaluatePromotion } from '../policy/evaluate-promotion.js';
import { makeFacts, makePolicy, makeRequest, NOW, prodEnv, sha, testEnv } from '../rules/rule-fixtures.spec.js';
import type { RuleContext } from '../rules/rule.js';
import { verifiedCandidate } from '../rules/verified-candidate.js';
import { ConfigError } from '../errors/index.js';

const A = makeRequest('A');
const C = makeRequest('C');
const TREE = sha('tree1');
const prod = { ...prodEnv, rules: [{ rule: 'verified-candidate', options: {}, level: 'error' as const }] };
const policy = makePolicy([testEnv, prod]);

const approvedEvent = (overrides: Partial<Record<string, unknown>> = {}, requestIds = ['A', 'C']): AuditEvent => ({
  type: 'approved',
  at: NOW - 1000,
  actor: 'Kim <kim@example.com>',
  env: 'prod',
  requestIds,
  data: { candidate: 'A-C', tree: TREE, commit: sha('rel'), base: sha('prod'), shas: { A: A.head, C: C.head }, by: 'Kim <kim@example.com>', ...overrides },
});

const facts = (extra: Partial<Facts> = {}): Facts =>
  makeFacts({ requests: [A, C], events: [approvedEvent()], candidates: [{ env: 'prod', requestIds: ['A', 'C'], tree: TREE }], ...extra });

const context = (f: Facts, requestIds = ['A', 'C'], options: Record<string, unknown> = {}): RuleContext => ({
  request: f.requests.find((request) => request.id === requestIds[0]) ?? A,
  target: prod,
  source: testEnv,
  policy,
  facts: f,
  intent: { target: 'prod', requestIds, overrides: [] },
  options,
});

describe('verified-candidate', () => {
  it('passes when the promotion would produce the approved candidate tree', () => {
    const result = verifiedCandidate(context(facts()));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('candidate A-C approved by Kim');
  });

  it('refuses after a new commit on a chosen request, naming it', () => {
    const moved = { ...A, head: sha('A2') };
    const result = verifiedCandidate(context(facts({ requests: [moved, C], candidates: [{ env: 'prod', requestIds: ['A', 'C'], tree: sha('tree2') }] })));
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`A moved since it was built (${A.head.slice(0, 7)} -> ${sha('A2').slice(0, 7)})`);
    expect(result.message).toContain('relctl candidate A C');
  });

  it('refuses when the target moved since the candidate was built', () => {
    const f = facts({ candidates: [{ env: 'prod', requestIds: ['A', 'C'], tree: sha('tree3') }] });
    f.environments = [
      { name: 'test', tip: sha('test'), members: [] },
      { name: 'prod', tip: sha('prod2'), members: [] },
    ];
    const result = verifiedCandidate(context(f));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('prod moved since it was built');
  });

  it('refuses another subset than the approved one when the trees differ', () => {
    const f = facts({ candidates: [{ env: 'prod', requestIds: ['A'], tree: sha('treeA') }] });
    const result = verifiedCandidate(context(f, ['A']));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('it ships A, C, this promotion A');
  });

  it('refuses without an approved candidate, without a computed tree, or when the trial conflicts', () => {
    expect(verifiedCandidate(context(facts({ events: [] }))).message).toMatch(/no candidate holding A is approved for prod/);
    expect(verifiedCandidate(context(facts({ candidates: [] }))).message).toMatch(/would produce is unknown/);
    expect(verifiedCandidate(context(facts({ candidates: [{ env: 'prod', requestIds: ['A', 'C'], tree: null }] }))).message).toMatch(/do not merge cleanly/);
  });

  it('ignores approvals for another environment and plain head approvals', () => {
    const other: AuditEvent = { ...approvedEvent(), env: 'test' };
    const head: AuditEvent = { type: 'approved', at: NOW, actor: 'x', env: 'prod', requestIds: ['A', 'C'], sha: A.head };
    expect(verifiedCandidate(context(facts({ events: [other, head] }))).status).toBe('fail');
  });

  it('with deployedTo, needs a deployed event of the candidate commit there', () => {
    const options = { deployedTo: 'test' };
    expect(verifiedCandidate(context(facts(), ['A', 'C'], options)).message).toMatch(/never deployed to test/);
    const deployed: AuditEvent = { type: 'deployed', at: NOW, actor: 'ci', env: 'test', sha: sha('rel') };
    expect(verifiedCandidate(context(facts({ events: [approvedEvent(), deployed] }), ['A', 'C'], options)).status).toBe('pass');
  });

  it('with deployedTo, does not count a deploy that failed', () => {
    const failed: AuditEvent = { type: 'deployed', at: NOW, actor: 'ci', env: 'test', sha: sha('rel'), data: { ok: false, exitCode: 1 } };
    const result = verifiedCandidate(context(facts({ events: [approvedEvent(), failed] }), ['A', 'C'], { deployedTo: 'test' }));
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/never deployed to test/);
  });

  it('rejects unknown options', () => {
    expect(() => verifiedCandidate(context(facts(), ['A', 'C'], { tree: 'x' }))).toThrow(ConfigError);
  });

  it('is a built-in rule evaluatePromotion runs on every promoted request', () => {
    const decision = evaluatePromotion({ policy, facts: facts(), intent: { target: 'prod', requestIds: ['A', 'C'], overrides: [] } });
    expect(decision.allowed).toBe(true);
    const denied = evaluatePromotion({ policy, facts: facts({ events: [] }), intent: { target: 'prod', requestIds: ['A', 'C'], overrides: [] } });
    expect(denied.denied).toEqual(['A', 'C']);
  });
});
