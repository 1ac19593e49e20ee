import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors/index.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { LOG, MAIN, member, policy, request, storyFacts } from './fixtures.spec.js';
import { planSync } from './plan-sync.js';

describe('planSync', () => {
  it('syncs every open request by id from the release branch by default', () => {
    const facts = storyFacts();
    facts.requests.reverse();
    facts.environments[1] = { name: 'prod', tip: MAIN, members: [member(request('B'))] };
    const plan = planSync({ policy: policy(), facts, command: 'sync' });
    expect(plan.steps).toEqual([
      { kind: 'sync', requestId: 'A', ref: 'refs/heads/req/A', from: 'refs/heads/main' },
      { kind: 'sync', requestId: 'C', ref: 'refs/heads/req/C', from: 'refs/heads/main' },
      { kind: 'sync', requestId: 'D', ref: 'refs/heads/req/D', from: 'refs/heads/main' },
      { kind: 'record', event: { type: 'synced', env: 'prod', requestIds: ['A', 'C', 'D'], data: { from: 'main' } } },
      { kind: 'update-refs', refs: ['refs/heads/req/A', 'refs/heads/req/C', 'refs/heads/req/D', AUDIT_LOG_REF] },
      { kind: 'push', remote: 'origin', refs: ['refs/heads/req/A', 'refs/heads/req/C', 'refs/heads/req/D', AUDIT_LOG_REF] },
    ]);
    expect(plan.expected).toEqual({
      'refs/heads/main': MAIN,
      'refs/heads/req/A': request('A').head,
      'refs/heads/req/C': request('C').head,
      'refs/heads/req/D': request('D').head,
      [AUDIT_LOG_REF]: LOG,
    });
  });

  it('syncs the named requests in the given order', () => {
    const plan = planSync({ policy: policy(null), facts: storyFacts(), requestIds: ['D', 'B', 'D'], command: 'sync D B' });
    expect(plan.steps.map((step) => (step.kind === 'sync' ? step.requestId : step.kind))).toEqual(['D', 'B', 'record', 'update-refs']);
  });

  it('refuses an unknown request and plans nothing without open requests', () => {
    expect(() => planSync({ policy: policy(), facts: storyFacts(), requestIds: ['Z'], command: 'x' })).toThrow(NotFoundError);
    const facts = storyFacts();
    facts.requests = [];
    expect(planSync({ policy: policy(), facts, command: 'sync' })).toMatchObject({ steps: [], notes: ['No open requests to sync.'] });
  });

  it('leaves closed requests alone by default (a named one is still synced)', () => {
    const facts = storyFacts();
    facts.events = [
      ...facts.events,
      { type: 'closed', at: 1, actor: 'Kim <kim@example.com>', requestIds: ['C'] },
      { type: 'closed', at: 2, actor: 'Kim <kim@example.com>', requestIds: ['D'] },
      { type: 'reopened', at: 3, actor: 'Kim <kim@example.com>', requestIds: ['D'] },
    ];
    const synced = (plan: ReturnType<typeof planSync>) => plan.steps.flatMap((step) => (step.kind === 'sync' ? [step.requestId] : []));
    expect(synced(planSync({ policy: policy(), facts, command: 'sync' }))).not.toContain('C');
    expect(synced(planSync({ policy: policy(), facts, command: 'sync' }))).toContain('D');
    expect(synced(planSync({ policy: policy(), facts, requestIds: ['C'], command: 'sync C' }))).toEqual(['C']);
  });
});
