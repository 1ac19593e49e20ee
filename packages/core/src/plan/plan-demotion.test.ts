import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { policy, sha, storyFacts } from './fixtures.spec.js';
import { planDemotion } from './plan-demotion.js';

describe('planDemotion', () => {
  it('rebuilds without the requests, reusing the prefix and keeping held SHAs', () => {
    const facts = storyFacts();
    facts.requests[3] = { ...facts.requests[3]!, head: sha('D-head-2') };
    const members = facts.environments[0]!.members;
    const plan = planDemotion({ policy: policy(), facts, env: 'test', requestIds: ['B'], command: 'demote B --from test' });
    expect(plan.steps.slice(0, 3)).toEqual([
      { kind: 'reuse', ref: 'refs/heads/env/test', requestId: 'A', commit: members[0]!.mergeCommit },
      { kind: 'merge', ref: 'refs/heads/env/test', env: 'test', requestId: 'C', sha: sha('C-head'), message: 'Merge request C: Title C into test' },
      // D stays at the SHA test holds, not its newer head.
      { kind: 'merge', ref: 'refs/heads/env/test', env: 'test', requestId: 'D', sha: sha('D-head'), message: 'Merge request D: Title D into test' },
    ]);
    expect(plan.steps[3]).toEqual({
      kind: 'record',
      event: { type: 'demoted', env: 'test', requestIds: ['B'], data: { shas: { B: sha('B-head') } } },
    });
    expect(plan.steps.slice(4).map((step) => step.kind)).toEqual(['update-refs', 'push']);
  });

  it('refuses the release environment', () => {
    expect(() => planDemotion({ policy: policy(), facts: storyFacts(), env: 'prod', requestIds: ['A'], command: 'x' })).toThrow(
      /production only moves forward; use `relctl revert`/,
    );
  });

  it('refuses a request that is not in the environment, and an empty list', () => {
    const facts = storyFacts();
    facts.requests.push({ id: 'E', branch: 'req/E', head: sha('E-head'), title: 'E', dependsOn: [] });
    expect(() => planDemotion({ policy: policy(), facts, env: 'test', requestIds: ['E'], command: 'x' })).toThrow(UsageError);
    expect(() => planDemotion({ policy: policy(), facts, env: 'test', requestIds: [], command: 'x' })).toThrow(UsageError);
  });
});
