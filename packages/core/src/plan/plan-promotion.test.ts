import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DependencyCycleError, NotFoundError, RuleDeniedError, UsageError } from '../errors/index.js';
import type { PromotionIntent } from '../model/intent.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { describePlan } from './describe-plan.js';
import { allow, LOG, MAIN, member, policy, sha, storyFacts } from './fixtures.spec.js';
import { planPromotion } from './plan-promotion.js';
import type { MergeStep, PlanStep } from './plan-step.js';

const intent = (target: string, requestIds: string[]): PromotionIntent => ({ target, requestIds, overrides: [] });
const kinds = (steps: PlanStep[]): string[] => steps.map((step) => step.kind);

describe('planPromotion into the release environment (the A, B, C, D story)', () => {
  const facts = storyFacts();
  const plan = planPromotion({
    policy: policy(),
    facts,
    intent: intent('prod', ['A', 'C']),
    decision: allow('prod', ['A', 'C']),
    command: 'promote A C --to prod',
  });
  const head = (id: string): string => sha(`${id}-head`);

  it('merges A then C into main, releases, tags, syncs B and D, rebuilds env/test with B then D', () => {
    expect(plan.steps).toEqual([
      { kind: 'merge', ref: 'refs/heads/main', env: 'prod', requestId: 'A', sha: head('A'), message: 'Merge request A: Title A into prod' },
      { kind: 'merge', ref: 'refs/heads/main', env: 'prod', requestId: 'C', sha: head('C'), message: 'Merge request C: Title C into prod' },
      { kind: 'release', ref: 'refs/heads/main', env: 'prod', requestIds: ['A', 'C'] },
      { kind: 'tag', ref: 'refs/heads/main' },
      { kind: 'sync', requestId: 'B', ref: 'refs/heads/req/B', from: 'refs/heads/main' },
      { kind: 'sync', requestId: 'D', ref: 'refs/heads/req/D', from: 'refs/heads/main' },
      { kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } },
      {
        kind: 'merge',
        ref: 'refs/heads/env/test',
        env: 'test',
        requestId: 'B',
        sha: head('B'),
        headRef: 'refs/heads/req/B',
        message: 'Merge request B: Title B into test',
      },
      {
        kind: 'merge',
        ref: 'refs/heads/env/test',
        env: 'test',
        requestId: 'D',
        sha: head('D'),
        headRef: 'refs/heads/req/D',
        message: 'Merge request D: Title D into test',
      },
      {
        kind: 'record',
        event: { type: 'promoted', env: 'prod', requestIds: ['A', 'C'], data: { shas: { A: head('A'), C: head('C') } } },
      },
      {
        kind: 'record',
        event: { type: 'released', env: 'prod', requestIds: ['A', 'C'] },
        shaOf: 'refs/heads/main',
        withRelease: true,
      },
      { kind: 'record', event: { type: 'synced', env: 'prod', requestIds: ['B', 'D'], data: { from: 'main' } } },
      {
        kind: 'record',
        event: {
          type: 'promoted',
          env: 'test',
          requestIds: ['B', 'D'],
          data: { rebuild: true, base: 'prod', removed: ['A', 'C'] },
        },
      },
      {
        kind: 'update-refs',
        refs: ['refs/heads/main', 'refs/heads/req/B', 'refs/heads/req/D', 'refs/heads/env/test', AUDIT_LOG_REF],
      },
      {
        kind: 'push',
        remote: 'origin',
        refs: ['refs/heads/main', 'refs/heads/req/B', 'refs/heads/req/D', 'refs/heads/env/test', AUDIT_LOG_REF],
      },
    ]);
  });

  it('expects every ref a step reads or moves at its observed value', () => {
    expect(plan.expected).toEqual({
      'refs/heads/main': MAIN,
      'refs/heads/req/A': head('A'),
      'refs/heads/req/C': head('C'),
      'refs/heads/req/B': head('B'),
      'refs/heads/req/D': head('D'),
      'refs/heads/env/test': facts.environments[0]?.tip,
      [AUDIT_LOG_REF]: LOG,
    });
    const touched = new Set<string>();
    for (const step of plan.steps) {
      if ('ref' in step) touched.add(step.ref);
      if (step.kind === 'sync') touched.add(step.from);
      if (step.kind === 'merge' && step.headRef !== undefined) touched.add(step.headRef);
      if (step.kind === 'update-refs' || step.kind === 'push') step.refs.forEach((ref) => touched.add(ref));
    }
    for (const ref of touched) expect(plan.expected, ref).toHaveProperty([ref]);
    expect(plan.command).toBe('promote A C --to prod');
    expect(plan.notes).toEqual([]);
  });

  it('is described one line per step', () => {
    const lines = describePlan(plan);
    expect(lines).toHaveLength(plan.steps.length);
    expect(lines[0]).toBe(`merge req/A (${head('A').slice(0, 7)}) into main`);
    expect(lines[1]).toBe(`merge req/C (${head('C').slice(0, 7)}) into main`);
    expect(lines[4]).toBe('sync req/B with main');
    expect(lines[6]).toBe('start env/test from main');
    expect(lines[7]).toBe(`merge req/B (its head after sync; ${head('B').slice(0, 7)} when planned) into env/test`);
    expect(lines.at(-2)).toBe('update refs in one transaction: main, req/B, req/D, env/test, refs/relctl/log');
    expect(lines.at(-1)).toBe('push to origin: main, req/B, req/D, env/test, refs/relctl/log');
  });

  it('is JSON-safe and deterministic, whatever the order of the facts', () => {
    expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
    fc.assert(
      fc.property(fc.shuffledSubarray(facts.requests, { minLength: 4, maxLength: 4 }), (requests) => {
        const again = planPromotion({
          policy: policy(),
          facts: { ...facts, requests },
          intent: intent('prod', ['A', 'C']),
          decision: allow('prod', ['A', 'C']),
          command: 'promote A C --to prod',
        });
        expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
      }),
      { numRuns: 30 },
    );
  });

  it('does not push without a remote', () => {
    const local = planPromotion({
      policy: policy(null),
      facts,
      intent: intent('prod', ['A', 'C']),
      decision: allow('prod', ['A', 'C']),
      command: 'promote A C --to prod',
    });
    expect(kinds(local.steps)).not.toContain('push');
    expect(local.steps.at(-1)?.kind).toBe('update-refs');
  });
});

describe('planPromotion ordering and refusals', () => {
  it('puts dependencies first: C depends on A, given as `C A`', () => {
    const facts = storyFacts();
    facts.requests = facts.requests.map((item) => (item.id === 'C' ? { ...item, dependsOn: ['A'] } : item));
    const plan = planPromotion({
      policy: policy(),
      facts,
      intent: intent('prod', ['C', 'A']),
      decision: allow('prod', ['C', 'A']),
      command: 'promote C A --to prod',
    });
    const merged = plan.steps.filter((step): step is MergeStep => step.kind === 'merge' && step.env === 'prod');
    expect(merged.map((step) => step.requestId)).toEqual(['A', 'C']);
    expect(plan.steps.find((step) => step.kind === 'release')).toMatchObject({ requestIds: ['A', 'C'] });
  });

  it('refuses a dependency cycle', () => {
    const facts = storyFacts();
    facts.requests = facts.requests.map((item) => (item.id === 'A' ? { ...item, dependsOn: ['C'] } : item.id === 'C' ? { ...item, dependsOn: ['A'] } : item));
    expect(() => planPromotion({ policy: policy(), facts, intent: intent('prod', ['A', 'C']), decision: allow('prod', ['A', 'C']), command: 'x' })).toThrow(DependencyCycleError);
  });

  it('throws RuleDeniedError with the failing outcomes when the decision denies', () => {
    const decision = allow('prod', ['A', 'B']);
    decision.allowed = false;
    decision.denied = ['B'];
    decision.outcomes.push({ requestId: 'B', rule: 'approved', status: 'fail', message: 'no approval for its head' });
    let error: unknown;
    try {
      planPromotion({ policy: policy(), facts: storyFacts(), intent: intent('prod', ['A', 'B']), decision, command: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleDeniedError);
    expect((error as RuleDeniedError).exitCode).toBe(3);
    expect((error as RuleDeniedError).data).toEqual({
      target: 'prod',
      denied: ['B'],
      outcomes: [{ requestId: 'B', rule: 'approved', status: 'fail', message: 'no approval for its head' }],
    });
    expect((error as Error).message).toContain('B approved: no approval for its head');
  });

  it('refuses an unknown request and an unknown target', () => {
    expect(() => planPromotion({ policy: policy(), facts: storyFacts(), intent: intent('prod', ['Z']), decision: allow('prod', ['Z']), command: 'x' })).toThrow(NotFoundError);
    expect(() => planPromotion({ policy: policy(), facts: storyFacts(), intent: intent('qa', ['A']), decision: allow('qa', ['A']), command: 'x' })).toThrow(UsageError);
  });

  it('skips a request already in production at its head, with a note', () => {
    const facts = storyFacts();
    const a = facts.requests[0]!;
    facts.environments[1] = { name: 'prod', tip: MAIN, members: [member(a)] };
    const plan = planPromotion({
      policy: policy(),
      facts,
      intent: intent('prod', ['A', 'C']),
      decision: allow('prod', ['A', 'C']),
      command: 'promote A C --to prod',
    });
    const merged = plan.steps.filter((step): step is MergeStep => step.kind === 'merge' && step.env === 'prod');
    expect(merged.map((step) => step.requestId)).toEqual(['C']);
    expect(plan.steps.find((step) => step.kind === 'release')).toMatchObject({ requestIds: ['C'] });
    expect(plan.notes).toContain(`A is already in prod at ${a.head.slice(0, 7)}; skipped.`);
    // A is neither synced nor merged again into test: it is in production.
    expect(plan.steps.filter((step) => step.kind === 'sync').map((step) => (step as { requestId: string }).requestId)).toEqual(['B', 'D']);
  });

  it('plans nothing when every request is already in production', () => {
    const facts = storyFacts();
    facts.environments[1] = { name: 'prod', tip: MAIN, members: [member(facts.requests[0]!)] };
    const plan = planPromotion({ policy: policy(), facts, intent: intent('prod', ['A']), decision: allow('prod', ['A']), command: 'x' });
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join(' ')).toContain('Nothing to release');
  });

  it('records one overridden event per override applied', () => {
    const decision = allow('prod', ['A', 'C'], [{ requestId: 'C', rule: 'approved', status: 'warn', message: 'no approval', override: { reason: 'hotfix' } }]);
    const plan = planPromotion({ policy: policy(), facts: storyFacts(), intent: intent('prod', ['A', 'C']), decision, command: 'x' });
    const events = plan.steps.flatMap((step) => (step.kind === 'record' ? [step.event] : []));
    expect(events.filter((event) => event.type === 'overridden')).toEqual([{ type: 'overridden', env: 'prod', requestIds: ['C'], reason: 'hotfix', data: { rule: 'approved' } }]);
    expect(events.map((event) => event.type)).toEqual(['promoted', 'released', 'overridden', 'synced', 'promoted']);
  });

  it('rebuilds test with a stale member at its synced head and notes it', () => {
    const facts = storyFacts();
    const b = facts.requests[1]!;
    facts.requests[1] = { ...b, head: sha('B-head-2') };
    const plan = planPromotion({ policy: policy(), facts, intent: intent('prod', ['A']), decision: allow('prod', ['A']), command: 'x' });
    const merge = plan.steps.find((step): step is MergeStep => step.kind === 'merge' && step.requestId === 'B');
    expect(merge).toMatchObject({ sha: sha('B-head-2'), headRef: 'refs/heads/req/B' });
    expect(plan.notes.some((note) => note.startsWith('B: test held'))).toBe(true);
  });
});

describe('planPromotion into an integration environment', () => {
  const base = () => {
    const facts = storyFacts();
    // test holds A and B; C, D are new.
    facts.environments[0] = { ...facts.environments[0]!, members: facts.environments[0]!.members.slice(0, 2) };
    facts.environments[0]!.tip = facts.environments[0]!.members[1]!.mergeCommit!;
    return facts;
  };

  it('keeps current members (reused) and appends the new ones in order', () => {
    const facts = base();
    const plan = planPromotion({ policy: policy(), facts, intent: intent('test', ['D', 'C']), decision: allow('test', ['D', 'C']), command: 'promote D C --to test' });
    expect(kinds(plan.steps)).toEqual(['reuse', 'reuse', 'merge', 'merge', 'record', 'update-refs', 'push']);
    expect(plan.steps.filter((step): step is MergeStep => step.kind === 'merge').map((step) => step.requestId)).toEqual(['D', 'C']);
    expect(plan.steps[4]).toEqual({
      kind: 'record',
      event: { type: 'promoted', env: 'test', requestIds: ['D', 'C'], data: { shas: { D: sha('D-head'), C: sha('C-head') } } },
    });
    expect(plan.steps[5]).toEqual({ kind: 'update-refs', refs: ['refs/heads/env/test', AUDIT_LOG_REF] });
  });

  it('does not re-add a request already there at its head; re-merges one at a new head in place', () => {
    const facts = base();
    facts.requests[0] = { ...facts.requests[0]!, head: sha('A-head-2') };
    const plan = planPromotion({ policy: policy(), facts, intent: intent('test', ['A', 'B']), decision: allow('test', ['A', 'B']), command: 'x' });
    expect(plan.notes).toContain(`B is already in test at ${sha('B-head').slice(0, 7)}; not merged again.`);
    const merges = plan.steps.filter((step): step is MergeStep => step.kind === 'merge');
    expect(merges.map((step) => [step.requestId, step.sha])).toEqual([
      ['A', sha('A-head-2')],
      ['B', sha('B-head')],
    ]);
    expect(plan.steps[0]).toEqual({ kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } });
    expect(plan.steps.find((step) => step.kind === 'record')).toMatchObject({ event: { requestIds: ['A'] } });
  });

  it('rebuilds with the requests the log says the environment holds but its branch lost, and records them as restored', () => {
    const facts = base();
    // env/test was force-pushed back to before B: the branch holds A, the log says A and B.
    const [a, b] = facts.environments[0]!.members;
    facts.environments[0] = { ...facts.environments[0]!, members: [a!], missing: [{ requestId: 'B', sha: b!.sha }] };
    const again = planPromotion({ policy: policy(), facts, intent: intent('test', ['A']), decision: allow('test', ['A']), command: 'x' });
    expect(again.steps.filter((step): step is MergeStep => step.kind === 'merge').map((step) => step.requestId)).toEqual(['B']);
    expect(again.notes.join(' ')).toContain('B is in test by the audit log but not on env/test');
    expect(again.steps.find((step) => step.kind === 'record')).toMatchObject({ event: { requestIds: ['B'], data: { restored: ['B'] } } });
    const withC = planPromotion({ policy: policy(), facts, intent: intent('test', ['C']), decision: allow('test', ['C']), command: 'x' });
    expect(withC.steps.filter((step): step is MergeStep => step.kind === 'merge').map((step) => step.requestId)).toEqual(['B', 'C']);
  });

  it('plans nothing when every request is already there at its head', () => {
    const plan = planPromotion({ policy: policy(), facts: base(), intent: intent('test', ['A']), decision: allow('test', ['A']), command: 'x' });
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join(' ')).toContain('already up to date');
  });
});
