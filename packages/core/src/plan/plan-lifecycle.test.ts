import { describe, expect, it } from 'vitest';
import { NotFoundError, StateError } from '../errors/index.js';
import type { AuditEvent } from '../model/audit-event.js';
import type { Facts } from '../model/facts.js';
import { describePlan } from './describe-plan.js';
import { MAIN, NOW, member, policy, prodEnv, sha, storyFacts, testEnv } from './fixtures.spec.js';
import { planApproval } from './plan-approval.js';
import { planClose } from './plan-close.js';
import { planReopen } from './plan-reopen.js';
import { planReship } from './plan-reship.js';

const event = (type: AuditEvent['type'], ids: string[], extra: Partial<AuditEvent> = {}): AuditEvent => ({
  type,
  at: NOW,
  actor: 'Kim <kim@example.com>',
  requestIds: ids,
  ...extra,
});
const withEvents = (facts: Facts, ...events: AuditEvent[]): Facts => ({ ...facts, events: [...facts.events, ...events] });

/** The story with A shipped (prod holds its head) and then reverted. */
function revertedFacts(): Facts {
  const facts = storyFacts();
  const a = facts.requests[0]!;
  // Production no longer holds A (its revert took it out); the log says which head it reverted.
  facts.environments[0]!.members = facts.environments[0]!.members.filter((item) => item.requestId !== 'A');
  return withEvents(facts, event('reverted', ['A'], { env: 'prod', data: { mergeCommit: sha('merge-A'), sha: a.head } }));
}

describe('planClose', () => {
  it('demotes the request from test and records closed in the same transaction', () => {
    const plan = planClose({ policy: policy(), facts: storyFacts(), requestId: 'B', reason: 'withdrawn\nby the customer', command: 'request close B' });
    const records = plan.steps.flatMap((step) => (step.kind === 'record' ? [step.event.type] : []));
    expect(records).toEqual(['demoted', 'closed']);
    expect(plan.steps.filter((step) => step.kind === 'merge').map((step) => (step.kind === 'merge' ? step.requestId : ''))).toEqual(['C', 'D']);
    expect(plan.steps.find((step) => step.kind === 'record' && step.event.type === 'closed')).toMatchObject({ event: { reason: 'withdrawn by the customer', requestIds: ['B'] } });
    expect(plan.steps.filter((step) => step.kind === 'update-refs')).toHaveLength(1);
  });

  it('only records closed when no environment holds the request', () => {
    const facts = storyFacts();
    facts.environments[0]!.members = [];
    const plan = planClose({ policy: policy(), facts, requestId: 'B', command: 'request close B' });
    expect(describePlan(plan)).toEqual(['record closed B', 'update refs in one transaction: refs/relctl/log', 'push to origin: refs/relctl/log']);
  });

  it('refuses an unknown request, a closed one and a shipped one', () => {
    expect(() => planClose({ policy: policy(), facts: storyFacts(), requestId: 'Z', command: 'x' })).toThrow(NotFoundError);
    const closed = withEvents(storyFacts(), event('closed', ['B']));
    expect(() => planClose({ policy: policy(), facts: closed, requestId: 'B', command: 'x' })).toThrow(/already closed; reopen it with "relctl request reopen B"/);
    const shipped = storyFacts();
    shipped.environments[1]!.members = [member(shipped.requests[0]!)];
    expect(() => planClose({ policy: policy(), facts: shipped, requestId: 'A', command: 'x' })).toThrow(StateError);
    expect(() => planClose({ policy: policy(), facts: shipped, requestId: 'A', command: 'x' })).toThrow(/has shipped to prod/);
  });

  it('with deleteBranch, deletes the request branch in the same transaction and push, and logs its head', () => {
    const facts = storyFacts();
    const plan = planClose({ policy: policy(), facts, requestId: 'B', deleteBranch: true, command: 'request close B --delete-branch' });
    const steps = describePlan(plan);
    expect(steps.indexOf('delete req/B')).toBeLessThan(steps.indexOf('record demoted B (test)'));
    expect(plan.expected['refs/heads/req/B']).toBe(facts.requests[1]!.head);
    for (const kind of ['update-refs', 'push'] as const) {
      expect(plan.steps.find((step) => step.kind === kind)).toMatchObject({ refs: expect.arrayContaining(['refs/heads/req/B', 'refs/heads/env/test']) });
    }
    const closed = plan.steps.find((step) => step.kind === 'record' && step.event.type === 'closed');
    expect(closed).toMatchObject({ event: { sha: facts.requests[1]!.head, data: { branchDeleted: true } } });
    const unheld = storyFacts();
    unheld.environments[0]!.members = [];
    expect(describePlan(planClose({ policy: policy(), facts: unheld, requestId: 'B', deleteBranch: true, command: 'x' }))).toEqual([
      'delete req/B',
      'record closed B',
      'update refs in one transaction: req/B, refs/relctl/log',
      'push to origin: req/B, refs/relctl/log',
    ]);
  });

  it('takes the request off every integration environment that holds it, in one transaction', () => {
    const devEnv = { name: 'dev', branch: 'env/dev', kind: 'integration' as const, rules: [] };
    const facts = storyFacts();
    const [, b, , d] = facts.requests;
    const devMembers = [member(b!), member(d!)];
    facts.environments.push({ name: 'dev', tip: devMembers[1]!.mergeCommit ?? null, base: MAIN, members: devMembers });
    const plan = planClose({ policy: policy('origin', [devEnv, testEnv, prodEnv]), facts, requestId: 'B', command: 'request close B' });
    const steps = describePlan(plan);
    expect(steps.filter((step) => step.startsWith('record'))).toEqual(['record demoted B (dev)', 'record demoted B (test)', 'record closed B']);
    expect(steps.filter((step) => step.startsWith('update refs'))).toEqual(['update refs in one transaction: env/dev, env/test, refs/relctl/log']);
    expect(steps.filter((step) => step.startsWith('push'))).toHaveLength(1);
    expect(steps).toContain('start env/dev from main');
    expect(plan.expected['refs/heads/env/dev']).toBe(devMembers[1]!.mergeCommit);
    expect(plan.expected['refs/heads/env/test']).toBe(facts.environments[0]!.tip);
    // dev built on test: rebuilding both from their bases as they are now would keep B in dev.
    const chained = { ...devEnv, base: 'test' };
    expect(() => planClose({ policy: policy('origin', [testEnv, chained, prodEnv]), facts, requestId: 'B', command: 'x' })).toThrow(
      /B is in test and dev, and dev is built on test; take it off dev first \("relctl demote B --from dev"\)/,
    );
  });

  it('closes a reverted request (it is in production history, but not shipped)', () => {
    const plan = planClose({ policy: policy(), facts: revertedFacts(), requestId: 'A', command: 'request close A' });
    expect(describePlan(plan)[0]).toBe('record closed A');
  });
});

describe('planReopen', () => {
  it('records reopened for a closed request and refuses one that is not closed', () => {
    const closed = withEvents(storyFacts(), event('closed', ['B']));
    expect(describePlan(planReopen({ policy: policy(), facts: closed, requestId: 'B', command: 'request reopen B' }))[0]).toBe('record reopened B');
    expect(() => planReopen({ policy: policy(), facts: storyFacts(), requestId: 'B', command: 'x' })).toThrow(/is not closed/);
    const reopened = withEvents(closed, event('reopened', ['B']));
    expect(() => planReopen({ policy: policy(), facts: reopened, requestId: 'B', command: 'x' })).toThrow(StateError);
  });

  it('creates the branch again at the logged head when the close deleted it, and only then', () => {
    const head = sha('B-head');
    const gone = storyFacts();
    gone.requests = gone.requests.filter((request) => request.id !== 'B');
    gone.environments[0]!.members = gone.environments[0]!.members.filter((item) => item.requestId !== 'B');
    const deleted = withEvents(gone, event('closed', ['B'], { sha: head, data: { branchDeleted: true } }));
    const plan = planReopen({ policy: policy(), facts: deleted, requestId: 'B', command: 'request reopen B' });
    expect(plan.expected['refs/heads/req/B']).toBeNull();
    expect(describePlan(plan)).toEqual([
      `reset req/B to ${head.slice(0, 7)}`,
      'record reopened B',
      'update refs in one transaction: req/B, refs/relctl/log',
      'push to origin: req/B, refs/relctl/log',
    ]);
    // The branch vanished without relctl deleting it: not a request to reopen.
    const vanished = withEvents(gone, event('closed', ['B'], { sha: head }));
    expect(() => planReopen({ policy: policy(), facts: vanished, requestId: 'B', command: 'x' })).toThrow(NotFoundError);
  });
});

describe('a closed request', () => {
  it('is not approved until reopened', () => {
    const closed = withEvents(storyFacts(), event('closed', ['B'], { reason: 'withdrawn' }));
    expect(() => planApproval({ policy: policy(), facts: closed, requestId: 'B', env: 'prod', by: 'Kim <kim@example.com>', command: 'x' })).toThrow(
      'Request B is closed (withdrawn); reopen it with "relctl request reopen B" before you approve it.',
    );
    const reopened = withEvents(closed, event('reopened', ['B']));
    expect(planApproval({ policy: policy(), facts: reopened, requestId: 'B', env: 'prod', by: 'Kim <kim@example.com>', command: 'x' }).steps).not.toHaveLength(0);
  });
});

describe('planReship', () => {
  const changeset = '---\nbump: minor\n---\n\nCSV export\n';
  it('fast-forwards the branch to production, reverts the revert, restores the changeset and records reshipped', () => {
    const plan = planReship({ policy: policy(), facts: revertedFacts(), requestId: 'A', revertCommit: sha('revert-A'), changeset, command: 'request reship A' });
    expect(plan.steps.slice(0, 3)).toEqual([
      { kind: 'reset', ref: 'refs/heads/req/A', to: { ref: 'refs/heads/main' } },
      expect.objectContaining({ kind: 'revert', ref: 'refs/heads/req/A', commit: sha('revert-A'), plain: true }),
      { kind: 'commit-files', ref: 'refs/heads/req/A', files: { '.changeset/A.md': changeset }, message: 'Restore the changeset of A to ship it again' },
    ]);
    expect(plan.expected).toMatchObject({ 'refs/heads/req/A': revertedFacts().requests[0]!.head, 'refs/heads/main': MAIN });
    expect(describePlan(plan).slice(3)).toEqual(['record reshipped A', 'update refs in one transaction: req/A, refs/relctl/log', 'push to origin: req/A, refs/relctl/log']);
  });

  it('refuses a request that is not reverted, already prepared, closed, or whose branch moved', () => {
    const options = { policy: policy(), requestId: 'A', revertCommit: sha('revert-A'), changeset, command: 'x' };
    expect(() => planReship({ ...options, facts: storyFacts() })).toThrow(/is not reverted in prod/);
    expect(() => planReship({ ...options, facts: withEvents(revertedFacts(), event('reshipped', ['A'])) })).toThrow(/already prepared/);
    expect(() => planReship({ ...options, facts: withEvents(revertedFacts(), event('closed', ['A'])) })).toThrow(/reopen it with "relctl request reopen A"/);
    const moved = revertedFacts();
    moved.requests[0] = { ...moved.requests[0]!, head: sha('A-later') };
    expect(() => planReship({ ...options, facts: moved })).toThrow(/moved after prod reverted it/);
  });

  it('ships again: a promotion into production after the revert ends the reverted state', () => {
    const again = withEvents(revertedFacts(), event('reshipped', ['A']), event('promoted', ['A'], { env: 'prod' }));
    expect(() => planReship({ policy: policy(), facts: again, requestId: 'A', revertCommit: sha('r'), changeset: null, command: 'x' })).toThrow(/is not reverted/);
  });
});
