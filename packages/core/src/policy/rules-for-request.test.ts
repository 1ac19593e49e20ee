import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import type { Environment } from '../model/environment.js';
import { approval, makeFacts, makePolicy, makeRequest, member, prodEnv, testEnv, withMembers } from '../rules/rule-fixtures.spec.js';
import { evaluatePromotion } from './evaluate-promotion.js';
import { rulesForRequest } from './rules-for-request.js';

// prod's hotfix rules: no tested-in, the rest as usual.
const hotfixProd: Environment = {
  ...prodEnv,
  hotfixRules: [
    { rule: 'approved', options: { count: 1 }, level: 'error' },
    { rule: 'changeset', options: {}, level: 'error' },
  ],
};

describe('rulesForRequest', () => {
  it('gives a hotfix the hotfix rules when the environment has them', () => {
    expect(rulesForRequest({ environment: hotfixProd, request: { hotfix: true } })).toEqual({ set: 'hotfix', rules: hotfixProd.hotfixRules });
  });

  it('gives a normal request the normal rules, even where hotfix rules exist', () => {
    expect(rulesForRequest({ environment: hotfixProd, request: {} })).toEqual({ set: 'normal', rules: prodEnv.rules });
  });

  it('gives a hotfix the normal rules where the environment has no hotfix rules', () => {
    expect(rulesForRequest({ environment: prodEnv, request: { hotfix: true } })).toEqual({ set: 'normal', rules: prodEnv.rules });
  });

  it('takes an empty hotfix rule set as it is: a hotfix then passes no rule', () => {
    expect(rulesForRequest({ environment: { ...prodEnv, hotfixRules: [] }, request: { hotfix: true } })).toEqual({ set: 'hotfix', rules: [] });
  });
});

describe('evaluatePromotion with hotfix rules', () => {
  const h = makeRequest('H', { hotfix: true });
  const a = makeRequest('A');
  // H is approved but never was on test; A is approved and on test.
  const facts = withMembers(makeFacts({ requests: [h, a], approvals: [approval(h, 'prod', 'Kim <kim@example.com>'), approval(a, 'prod', 'Kim <kim@example.com>')] }), {
    test: [member(a)],
  });
  const intent = (requestIds: string[], overrides: { rule: string; reason: string; requestId?: string }[] = []) => ({ target: 'prod', requestIds, overrides });

  it('checks a hotfix against the hotfix rules only, and names it in decision.hotfixRules', () => {
    const decision = evaluatePromotion({ policy: makePolicy([testEnv, hotfixProd]), facts, intent: intent(['H']) });
    expect(decision.allowed).toBe(true);
    expect(decision.outcomes.map((outcome) => outcome.rule)).toEqual(['approved', 'changeset']);
    expect(decision.hotfixRules).toEqual(['H']);
  });

  it('checks a normal request promoted together with a hotfix against the normal rules', () => {
    const decision = evaluatePromotion({ policy: makePolicy([testEnv, hotfixProd]), facts, intent: intent(['H', 'A']) });
    expect(decision.allowed).toBe(true);
    expect(decision.outcomes.filter((outcome) => outcome.requestId === 'A').map((outcome) => outcome.rule)).toEqual([
      'tested-in',
      'approved',
      'changeset',
      'depends-on',
      'clean-merge',
    ]);
    expect(decision.hotfixRules).toEqual(['H']);
  });

  it('without hotfix rules a hotfix follows the normal rules (denied by tested-in) and an override still works', () => {
    const policy = makePolicy([testEnv, prodEnv]);
    const denied = evaluatePromotion({ policy, facts, intent: intent(['H']) });
    expect(denied.denied).toEqual(['H']);
    expect(denied.outcomes.find((outcome) => outcome.status === 'fail')?.rule).toBe('tested-in');
    expect(denied.hotfixRules).toBeUndefined();
    const overridden = evaluatePromotion({ policy, facts, intent: intent(['H'], [{ rule: 'tested-in', reason: 'checkout is down' }]) });
    expect(overridden.allowed).toBe(true);
    expect(overridden.outcomes.find((outcome) => outcome.rule === 'tested-in')?.override).toEqual({ reason: 'checkout is down' });
  });

  it('refuses an override of a rule the hotfix rules do not have, saying the hotfix rules apply', () => {
    const run = () => evaluatePromotion({ policy: makePolicy([testEnv, hotfixProd]), facts, intent: intent(['H'], [{ rule: 'tested-in', reason: 'outage' }]) });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      `Cannot override "tested-in": it is not a rule that applies here (H is a hotfix, checked against prod's hotfixRules; rules that apply: approved, changeset); drop the override.`,
    );
  });

  it('accepts an override of a normal rule when a normal request is promoted with the hotfix', () => {
    const decision = evaluatePromotion({ policy: makePolicy([testEnv, hotfixProd]), facts, intent: intent(['H', 'A'], [{ rule: 'tested-in', reason: 'ok' }]) });
    expect(decision.allowed).toBe(true);
  });

  it('leaves a normal promotion exactly as before: no hotfixRules key', () => {
    const decision = evaluatePromotion({ policy: makePolicy([testEnv, hotfixProd]), facts, intent: intent(['A']) });
    expect(Object.keys(decision)).not.toContain('hotfixRules');
  });
});
