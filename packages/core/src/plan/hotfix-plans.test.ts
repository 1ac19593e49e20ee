import { describe, expect, it } from 'vitest';
import { requestFromBranch } from '../facts/request-from-branch.js';
import { allow, policy, storyFacts } from './fixtures.spec.js';
import { planPromotion } from './plan-promotion.js';
import { planRequestCreate } from './plan-request-create.js';
import type { PlanStep, RecordStep } from './plan-step.js';

const records = (steps: PlanStep[]) => steps.filter((step): step is RecordStep => step.kind === 'record').map((step) => step.event);

describe('a hotfix is a fact of its request-created event', () => {
  it('request new --hotfix records hotfix: true, and starts the branch from the release tip like any request', () => {
    const plan = planRequestCreate({
      policy: policy(),
      facts: storyFacts(),
      id: 'H',
      title: 'Checkout 500',
      bump: 'patch',
      dependsOn: [],
      hotfix: true,
      command: 'request new H --hotfix',
    });
    expect(plan.steps[0]).toEqual({ kind: 'reset', ref: 'refs/heads/req/H', to: { ref: 'refs/heads/main' } });
    expect(records(plan.steps)).toEqual([{ type: 'request-created', requestIds: ['H'], data: { title: 'Checkout 500', dependsOn: [], bump: 'patch', hotfix: true } }]);
  });

  it('a normal request records no hotfix key', () => {
    const plan = planRequestCreate({ policy: policy(), facts: storyFacts(), id: 'E', title: 'E', bump: 'patch', dependsOn: [], command: 'request new E' });
    expect(records(plan.steps)[0]?.data).not.toHaveProperty('hotfix');
  });

  it('requestFromBranch reads it back as Request.hotfix (only the literal true counts)', () => {
    const created = (data: Record<string, unknown>) => ({ type: 'request-created' as const, at: 1, actor: 'Kim <k@x>', requestIds: ['H'], data });
    expect(requestFromBranch({ branch: 'req/H', prefix: 'req/', head: 'a'.repeat(40), created: created({ hotfix: true }) })?.hotfix).toBe(true);
    expect(requestFromBranch({ branch: 'req/H', prefix: 'req/', head: 'a'.repeat(40), created: created({ hotfix: 'yes' }) })).not.toHaveProperty('hotfix');
    expect(requestFromBranch({ branch: 'req/H', prefix: 'req/', head: 'a'.repeat(40) })).not.toHaveProperty('hotfix');
  });
});

describe('promotions record the hotfix rules they used', () => {
  it('the release promotion of a hotfix has data.hotfixRules on its promoted event', () => {
    const facts = storyFacts();
    const decision = { ...allow('prod', ['A', 'C']), hotfixRules: ['A'] };
    const plan = planPromotion({ policy: policy(), facts, intent: { target: 'prod', requestIds: ['A', 'C'], overrides: [] }, decision, command: 'promote A C --to prod' });
    const promoted = records(plan.steps).find((event) => event.type === 'promoted' && event.env === 'prod');
    expect(promoted?.data).toMatchObject({ hotfixRules: ['A'] });
  });

  it('an integration promotion records them too; a promotion without hotfixes has no key', () => {
    const facts = storyFacts();
    facts.environments[0] = { ...facts.environments[0]!, members: facts.environments[0]!.members.filter((item) => item.requestId !== 'A') };
    const into = (hotfixRules?: string[]) =>
      planPromotion({
        policy: policy(),
        facts,
        intent: { target: 'test', requestIds: ['A'], overrides: [] },
        decision: { ...allow('test', ['A']), ...(hotfixRules ? { hotfixRules } : {}) },
        command: 'promote A --to test',
      });
    expect(records(into(['A']).steps).find((event) => event.type === 'promoted')?.data).toMatchObject({ hotfixRules: ['A'] });
    expect(records(into().steps).find((event) => event.type === 'promoted')?.data).not.toHaveProperty('hotfixRules');
  });
});
