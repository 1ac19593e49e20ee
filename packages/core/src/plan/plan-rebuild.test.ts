import { describe, expect, it } from 'vitest';
import { NotFoundError, StateError, UsageError } from '../errors/index.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { policy, sha, storyFacts } from './fixtures.spec.js';
import { planRebuild } from './plan-rebuild.js';
import type { PlanStep } from './plan-step.js';

const kinds = (steps: PlanStep[]): string[] => steps.map((step) => step.kind);

describe('planRebuild', () => {
  it('reuses the merges of the unchanged prefix and merges the rest', () => {
    const facts = storyFacts();
    const members = facts.environments[0]!.members;
    const plan = planRebuild({ policy: policy(), facts, env: 'test', requestIds: ['A', 'B', 'D'], command: 'rebuild test' });
    expect(plan.steps.slice(0, 3)).toEqual([
      { kind: 'reuse', ref: 'refs/heads/env/test', requestId: 'A', commit: members[0]!.mergeCommit },
      { kind: 'reuse', ref: 'refs/heads/env/test', requestId: 'B', commit: members[1]!.mergeCommit },
      {
        kind: 'merge',
        ref: 'refs/heads/env/test',
        env: 'test',
        requestId: 'D',
        sha: sha('D-head'),
        message: 'Merge request D: Title D into test',
      },
    ]);
    expect(kinds(plan.steps.slice(3))).toEqual(['record', 'update-refs', 'push']);
    expect(plan.steps[3]).toEqual({
      kind: 'record',
      event: { type: 'promoted', env: 'test', requestIds: ['A', 'B', 'D'], data: { shas: { A: sha('A-head'), B: sha('B-head'), D: sha('D-head') } } },
    });
    expect(plan.steps[4]).toEqual({ kind: 'update-refs', refs: ['refs/heads/env/test', AUDIT_LOG_REF] });
    expect(plan.steps[5]).toEqual({ kind: 'push', remote: 'origin', refs: ['refs/heads/env/test', AUDIT_LOG_REF] });
    expect(plan.notes).toContain('test: the first 2 merge(s) are kept as they are.');
    expect(plan.expected['refs/heads/env/test']).toBe(facts.environments[0]!.tip);
    expect(plan.expected['refs/heads/main']).toBe(facts.environments[1]!.tip);
    expect(plan.expected['refs/heads/req/D']).toBe(sha('D-head'));
  });

  it('starts from the base when the base environment moved', () => {
    const facts = storyFacts();
    facts.environments[1] = { ...facts.environments[1]!, tip: sha('main-2') };
    const plan = planRebuild({ policy: policy(), facts, env: 'test', requestIds: ['A', 'B', 'C', 'D'], command: 'x' });
    expect(kinds(plan.steps)).toEqual(['reset', 'merge', 'merge', 'merge', 'merge', 'record', 'update-refs', 'push']);
    expect(plan.steps[0]).toEqual({ kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } });
  });

  it('merges from the first changed member on when a head moved', () => {
    const facts = storyFacts();
    facts.requests[1] = { ...facts.requests[1]!, head: sha('B-head-2') };
    const plan = planRebuild({ policy: policy(), facts, env: 'test', requestIds: ['A', 'B', 'C', 'D'], command: 'x' });
    expect(kinds(plan.steps).slice(0, 4)).toEqual(['reuse', 'merge', 'merge', 'merge']);
  });

  it('keeps a held SHA when asked to', () => {
    const facts = storyFacts();
    facts.requests[1] = { ...facts.requests[1]!, head: sha('B-head-2') };
    const plan = planRebuild({
      policy: policy(),
      facts,
      env: 'test',
      requestIds: ['A', 'B', 'C', 'D'],
      command: 'x',
      shas: { B: sha('B-head') },
    });
    expect(plan.steps).toEqual([]);
    expect(plan.notes).toEqual(['test (env/test) is already up to date; nothing to do.']);
  });

  it('has no update-refs when nothing changes', () => {
    const plan = planRebuild({ policy: policy(), facts: storyFacts(), env: 'test', requestIds: ['A', 'B', 'C', 'D'], command: 'x' });
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join(' ')).toContain('already up to date');
  });

  it('rebuilds an empty environment to the base tip, and is then up to date', () => {
    const facts = storyFacts();
    const emptied = planRebuild({ policy: policy(), facts, env: 'test', requestIds: [], command: 'x' });
    expect(kinds(emptied.steps)).toEqual(['reset', 'record', 'update-refs', 'push']);
    facts.environments[0] = { name: 'test', tip: facts.environments[1]!.tip, base: facts.environments[1]!.tip, members: [] };
    expect(planRebuild({ policy: policy(), facts, env: 'test', requestIds: [], command: 'x' }).steps).toEqual([]);
  });

  it('records a given event instead of the default', () => {
    const plan = planRebuild({
      policy: policy(null),
      facts: storyFacts(),
      env: 'test',
      requestIds: ['A'],
      command: 'x',
      event: { type: 'demoted', requestIds: ['B', 'C', 'D'] },
    });
    expect(plan.steps.find((step) => step.kind === 'record')).toEqual({
      kind: 'record',
      event: { type: 'demoted', env: 'test', requestIds: ['B', 'C', 'D'], data: { shas: { A: sha('A-head') } } },
    });
    expect(kinds(plan.steps)).not.toContain('push');
  });

  it('refuses the release environment, unknown environments and requests, and a missing base', () => {
    expect(() => planRebuild({ policy: policy(), facts: storyFacts(), env: 'prod', requestIds: [], command: 'x' })).toThrow(UsageError);
    expect(() => planRebuild({ policy: policy(), facts: storyFacts(), env: 'qa', requestIds: [], command: 'x' })).toThrow(UsageError);
    expect(() => planRebuild({ policy: policy(), facts: storyFacts(), env: 'test', requestIds: ['Z'], command: 'x' })).toThrow(NotFoundError);
    const facts = storyFacts();
    facts.environments[1] = { name: 'prod', tip: null, members: [] };
    expect(() => planRebuild({ policy: policy(), facts, env: 'test', requestIds: ['A'], command: 'x' })).toThrow(StateError);
  });

  it('keeps a member whose branch is gone at its held SHA', () => {
    const facts = storyFacts();
    facts.requests = facts.requests.filter((item) => item.id !== 'A');
    facts.environments[1] = { ...facts.environments[1]!, tip: sha('main-2') };
    const plan = planRebuild({ policy: policy(), facts, env: 'test', requestIds: ['A'], command: 'x' });
    expect(plan.steps[1]).toMatchObject({ kind: 'merge', requestId: 'A', sha: sha('A-head'), message: 'Merge request A: A into test' });
  });

  it('is deterministic and JSON-safe', () => {
    const make = () => planRebuild({ policy: policy(), facts: storyFacts(), env: 'test', requestIds: ['D', 'C'], command: 'x' });
    const plan = make();
    expect(JSON.stringify(make())).toBe(JSON.stringify(plan));
    expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
  });
});
