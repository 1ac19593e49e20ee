import { describe, expect, it } from 'vitest';
import { MAIN, policy, sha, storyFacts } from '../plan/fixtures.spec.js';
import { buildStatus } from './build-status.js';

// test was built on MAIN; then production moved on without a rebuild of test.
describe('buildStatus: an integration environment built on an older production tip', () => {
  it('has no staleBase while test is built on the production tip', () => {
    const report = buildStatus({ policy: policy(), facts: storyFacts() });
    expect(report.environments.map((env) => env.staleBase)).toEqual([undefined, undefined]);
  });

  it('names the base test was built on and the tip it should be on, for test only', () => {
    const facts = storyFacts();
    facts.environments[1] = { ...facts.environments[1]!, tip: sha('hotfix') };
    const [test, prod] = buildStatus({ policy: policy(), facts }).environments;
    expect(test?.staleBase).toEqual({ base: MAIN, baseEnv: 'prod', baseTip: sha('hotfix') });
    expect(prod).not.toHaveProperty('staleBase');
  });

  it('says nothing when a branch or its base is unknown (not created yet, history too long to read)', () => {
    const facts = storyFacts();
    facts.environments[0] = { ...facts.environments[0]!, base: null };
    facts.environments[1] = { ...facts.environments[1]!, tip: sha('hotfix') };
    expect(buildStatus({ policy: policy(), facts }).environments[0]).not.toHaveProperty('staleBase');
    facts.environments[1] = { ...facts.environments[1]!, tip: null };
    facts.environments[0] = { ...facts.environments[0]!, base: MAIN };
    expect(buildStatus({ policy: policy(), facts }).environments[0]).not.toHaveProperty('staleBase');
  });
});
