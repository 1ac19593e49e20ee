import { describe, expect, it } from 'vitest';
import type { Plan } from './plan-step.js';
import { allow, policy, storyFacts, testEnv, prodEnv } from './fixtures.spec.js';
import { planApproval } from './plan-approval.js';
import { planDemotion } from './plan-demotion.js';
import { planPromotion } from './plan-promotion.js';
import { planRebuild } from './plan-rebuild.js';
import { planRequestCreate } from './plan-request-create.js';
import { planSync } from './plan-sync.js';

const planners: Record<string, () => Plan> = {
  promotion: () =>
    planPromotion({
      policy: policy(),
      facts: storyFacts(),
      intent: { target: 'prod', requestIds: ['C', 'A'], overrides: [{ rule: 'soak', reason: 'r' }] },
      decision: allow('prod', ['C', 'A'], [{ requestId: 'A', rule: 'soak', status: 'warn', message: 'm', override: { reason: 'r' } }]),
      command: 'promote C A --to prod',
    }),
  rebuild: () => planRebuild({ policy: policy(), facts: storyFacts(), env: 'test', requestIds: ['D', 'A'], command: 'x' }),
  demotion: () => planDemotion({ policy: policy(), facts: storyFacts(), env: 'test', requestIds: ['A'], command: 'x' }),
  sync: () => planSync({ policy: policy(), facts: storyFacts(), command: 'sync' }),
  approval: () => planApproval({ policy: policy(), facts: storyFacts(), requestId: 'D', env: 'prod', by: 'k', command: 'x' }),
  create: () => planRequestCreate({ policy: policy(), facts: storyFacts(), id: 'E', title: 'E', bump: 'none', dependsOn: [], command: 'x' }),
};

describe('plans are data', () => {
  for (const [name, make] of Object.entries(planners)) {
    it(`${name}: deterministic and JSON-safe (no undefined, no class instances)`, () => {
      const plan = make();
      expect(plan.steps.length).toBeGreaterThan(0);
      expect(JSON.stringify(make())).toBe(JSON.stringify(plan));
      expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
    });
  }
});

describe('planPromotion with chained integration environments', () => {
  const qa = { name: 'qa', branch: 'env/qa', kind: 'integration' as const, base: 'test', rules: [] };

  it('rebuilds an environment based on a rebuilt one, from its working tip', () => {
    const facts = storyFacts();
    facts.environments.push({ name: 'qa', tip: 'q'.repeat(40), base: 'b'.repeat(40), members: [] });
    const plan = planPromotion({
      policy: policy('origin', [testEnv, qa, prodEnv]),
      facts,
      intent: { target: 'prod', requestIds: ['A'], overrides: [] },
      decision: allow('prod', ['A']),
      command: 'x',
    });
    expect(plan.steps).toContainEqual({ kind: 'reset', ref: 'refs/heads/env/qa', to: { ref: 'refs/heads/env/test' } });
    expect(plan.steps.find((step) => step.kind === 'update-refs')).toMatchObject({
      refs: ['refs/heads/main', 'refs/heads/req/B', 'refs/heads/req/C', 'refs/heads/req/D', 'refs/heads/env/test', 'refs/heads/env/qa', 'refs/relctl/log'],
    });
  });

  it('skips an environment whose branch does not exist, and those built on it', () => {
    const facts = storyFacts();
    facts.environments[0] = { name: 'test', tip: null, members: [] };
    facts.environments.push({ name: 'qa', tip: 'q'.repeat(40), members: [] });
    const plan = planPromotion({
      policy: policy('origin', [testEnv, qa, prodEnv]),
      facts,
      intent: { target: 'prod', requestIds: ['A'], overrides: [] },
      decision: allow('prod', ['A']),
      command: 'x',
    });
    expect(plan.steps.some((step) => step.kind === 'reset')).toBe(false);
    expect(plan.notes).toContain('test (env/test) does not exist yet; not rebuilt.');
  });
});
