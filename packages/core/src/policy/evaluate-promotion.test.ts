import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate-config.js';
import { NotFoundError, UsageError } from '../errors/index.js';
import type { Policy } from '../model/policy.js';
import type { PromotionIntent } from '../model/intent.js';
import type { Rule } from '../rules/rule.js';
import { approval, makeFacts, makePolicy, makeRequest, member, prodEnv, testEnv, withMembers } from '../rules/rule-fixtures.spec.js';
import { evaluatePromotion } from './evaluate-promotion.js';
import { formatDecisionTable } from './format-decision-table.js';

const defaultPolicy = (): Policy => {
  const result = validateConfig({ input: {} });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.policy;
};

const intent = (requestIds: string[], extra: Partial<PromotionIntent> = {}): PromotionIntent => ({
  target: 'prod',
  requestIds,
  overrides: [],
  ...extra,
});

describe('evaluatePromotion — the user story', () => {
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((id) => makeRequest(id));
  if (!a || !b || !c || !d) throw new Error('fixtures');
  const facts = withMembers(
    makeFacts({
      requests: [a, b, c, d],
      approvals: [approval(a, 'prod', 'Ann <ann@example.com>'), approval(c, 'prod', 'Cy <cy@example.com>')],
    }),
    { test: [member(a), member(b), member(c), member(d)] },
  );
  const policy = defaultPolicy();

  it('allows promoting the approved A and C to prod', () => {
    const decision = evaluatePromotion({ policy, facts, intent: intent(['A', 'C']) });
    expect(decision.allowed).toBe(true);
    expect(decision.denied).toEqual([]);
    expect(decision.order).toEqual(['A', 'C']);
    expect(decision.outcomes.map((outcome) => `${outcome.requestId}:${outcome.rule}:${outcome.status}`)).toEqual([
      'A:tested-in:pass',
      'A:approved:pass',
      'A:changeset:pass',
      'A:depends-on:pass',
      'A:clean-merge:pass',
      'C:tested-in:pass',
      'C:approved:pass',
      'C:changeset:pass',
      'C:depends-on:pass',
      'C:clean-merge:pass',
    ]);
  });

  it('denies B, by approved only', () => {
    const decision = evaluatePromotion({ policy, facts, intent: intent(['B']) });
    expect(decision.allowed).toBe(false);
    expect(decision.denied).toEqual(['B']);
    const failing = decision.outcomes.filter((outcome) => outcome.status !== 'pass');
    expect(failing).toEqual([
      {
        requestId: 'B',
        rule: 'approved',
        status: 'fail',
        message: `B has no approval for prod of its head ${b.head.slice(0, 7)}; record one with relctl approve B --for prod.`,
      },
    ]);
  });

  it('allows B with an override of approved, and records it', () => {
    const overrides = [{ rule: 'approved', reason: 'hotfix agreed with the requester by phone' }];
    const decision = evaluatePromotion({ policy, facts, intent: intent(['B'], { overrides }) });
    expect(decision.allowed).toBe(true);
    expect(decision.denied).toEqual([]);
    expect(decision.outcomes.find((outcome) => outcome.rule === 'approved')).toMatchObject({
      requestId: 'B',
      status: 'warn',
      override: { reason: 'hotfix agreed with the requester by phone' },
    });
    expect(decision.outcomes.filter((outcome) => outcome.override)).toHaveLength(1);
  });
});

describe('evaluatePromotion', () => {
  const a = makeRequest('A');
  const b = makeRequest('B', { dependsOn: ['A'] });
  const c = makeRequest('C', { dependsOn: ['B'] });
  const approvals = [a, b, c].map((request) => approval(request, 'prod', 'Ann <ann@example.com>'));
  const facts = withMembers(makeFacts({ requests: [a, b, c], approvals }), { test: [member(a), member(b), member(c)] });
  const policy = makePolicy();

  it('refuses an unknown target and unknown requests', () => {
    expect(() => evaluatePromotion({ policy, facts, intent: intent(['A'], { target: 'staging' }) })).toThrow(
      new UsageError('Unknown environment "staging": use one of test, prod.', { target: 'staging', environments: ['test', 'prod'] }),
    );
    const error = (() => {
      try {
        evaluatePromotion({ policy, facts, intent: intent(['A', 'Z']) });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).data).toEqual({ requestIds: ['Z'] });
    expect(() => evaluatePromotion({ policy, facts, intent: intent([]) })).toThrow(UsageError);
  });

  it('refuses overrides of rules the target does not have, without a reason, or for requests not promoted', () => {
    const attempt = (overrides: PromotionIntent['overrides']) => () => evaluatePromotion({ policy, facts, intent: intent(['A'], { overrides }) });
    expect(attempt([{ rule: 'soak', reason: 'x' }])).toThrow(/Cannot override "soak": it is not a rule of prod/);
    expect(attempt([{ rule: 'approved', reason: '  ' }])).toThrow(/Give a reason/);
    expect(attempt([{ rule: 'approved', reason: 'x', requestId: 'C' }])).toThrow(/C: it is not being promoted/);
  });

  it('orders by dependencies and denies a request whose dependency is missing', () => {
    const decision = evaluatePromotion({ policy, facts, intent: intent(['C', 'B', 'A']) });
    expect(decision.order).toEqual(['A', 'B', 'C']);
    expect(decision.allowed).toBe(true);
    const partial = evaluatePromotion({ policy, facts, intent: intent(['C']) });
    expect(partial.denied).toEqual(['C']);
    expect(partial.outcomes.find((outcome) => outcome.status === 'fail')?.rule).toBe('depends-on');
  });

  it('with withDeps adds the missing dependencies transitively, skipping those already in the target', () => {
    const decision = evaluatePromotion({ policy, facts, intent: intent(['C'], { withDeps: true }) });
    expect(decision.order).toEqual(['A', 'B', 'C']);
    expect(decision.allowed).toBe(true);
    const aInProd = withMembers(facts, { test: [member(a), member(b), member(c)], prod: [member(a)] });
    expect(evaluatePromotion({ policy, facts: aInProd, intent: intent(['C'], { withDeps: true }) }).order).toEqual(['B', 'C']);
  });

  it('reports a dependency cycle through depends-on instead of throwing', () => {
    const x = makeRequest('X', { dependsOn: ['Y'] });
    const y = makeRequest('Y', { dependsOn: ['X'] });
    const cyclic = withMembers(makeFacts({ requests: [x, y], approvals: [approval(x, 'prod', 'a'), approval(y, 'prod', 'a')] }), {
      test: [member(x), member(y)],
    });
    const decision = evaluatePromotion({ policy, facts: cyclic, intent: intent(['X', 'Y']) });
    expect(decision.order).toEqual(['X', 'Y']);
    expect(decision.denied).toEqual(['X', 'Y']);
    expect(decision.outcomes.find((outcome) => outcome.requestId === 'X' && outcome.rule === 'depends-on')?.message).toContain('X -> Y -> X');
  });

  it('turns a failing warn-level rule into warn without an override', () => {
    const warnPolicy = makePolicy([testEnv, { ...prodEnv, rules: [{ rule: 'approved', options: {}, level: 'warn' }] }]);
    const unapproved = withMembers(makeFacts({ requests: [a] }), { test: [member(a)] });
    const decision = evaluatePromotion({ policy: warnPolicy, facts: unapproved, intent: intent(['A']) });
    expect(decision.allowed).toBe(true);
    expect(decision.outcomes).toEqual([expect.objectContaining({ rule: 'approved', status: 'warn' })]);
    expect(decision.outcomes[0]?.override).toBeUndefined();
  });

  it('applies a request-specific override only to that request', () => {
    const unapproved = withMembers(makeFacts({ requests: [a, b] }), { test: [member(a), member(b)] });
    const decision = evaluatePromotion({
      policy,
      facts: unapproved,
      intent: intent(['A', 'B'], { overrides: [{ rule: 'approved', reason: 'ok', requestId: 'A' }] }),
    });
    expect(decision.denied).toEqual(['B']);
    expect(decision.outcomes.find((outcome) => outcome.requestId === 'A' && outcome.rule === 'approved')?.override).toEqual({ reason: 'ok' });
  });

  it('runs custom rules with the full promotion in the context, and survives bad ones', () => {
    const seen: string[][] = [];
    const customRules: Record<string, Rule> = {
      'sees-set': ({ intent: ruleIntent, options }) => {
        seen.push(ruleIntent.requestIds);
        return { status: 'pass', message: `limit ${String(options['limit'])}` };
      },
      throws: () => {
        throw new TypeError('boom\nstack');
      },
      garbage: () => ({ status: 'maybe', message: 1 }) as never,
      async: (async () => ({ status: 'pass', message: '' })) as unknown as Rule,
    };
    const customPolicy = makePolicy([
      testEnv,
      {
        ...prodEnv,
        rules: [{ rule: 'sees-set', options: { limit: 3 } }, { rule: 'throws' }, { rule: 'garbage' }, { rule: 'async' }, { rule: 'missing' }],
      },
    ]);
    const decision = evaluatePromotion({ policy: customPolicy, facts, intent: intent(['C'], { withDeps: true }), customRules });
    expect(seen).toEqual([
      ['A', 'B', 'C'],
      ['A', 'B', 'C'],
      ['A', 'B', 'C'],
    ]);
    const forC = decision.outcomes.filter((outcome) => outcome.requestId === 'C');
    expect(forC.map((outcome) => [outcome.rule, outcome.status])).toEqual([
      ['sees-set', 'pass'],
      ['throws', 'fail'],
      ['garbage', 'fail'],
      ['async', 'fail'],
      ['missing', 'fail'],
    ]);
    expect(forC[0]?.message).toBe('limit 3');
    expect(forC[1]?.message).toBe('rule "throws" crashed (TypeError: boom); fix the rule, or override it with a reason.');
    expect(forC[2]?.message).toContain('instead of { status');
    expect(forC[3]?.message).toContain('returned a promise');
    expect(forC[4]?.message).toContain('"missing" is not defined');
    expect(decision.denied).toEqual(['A', 'B', 'C']);
  });

  it('evaluates requests the target already holds', () => {
    const held = withMembers(facts, { test: [member(a)], prod: [member(a)] });
    const decision = evaluatePromotion({ policy, facts: held, intent: intent(['A']) });
    expect(decision.order).toEqual(['A']);
    expect(decision.outcomes).toHaveLength(prodEnv.rules.length);
  });

  it('feeds formatDecisionTable: failures first within each request, overrides shown', () => {
    const unapproved = withMembers(makeFacts({ requests: [a, b] }), { test: [member(a)] });
    const decision = evaluatePromotion({
      policy,
      facts: unapproved,
      intent: intent(['B', 'A'], { overrides: [{ rule: 'approved', reason: 'urgent', requestId: 'A' }] }),
    });
    const rows = formatDecisionTable(decision);
    expect(rows.map((row) => `${row.request} ${row.rule} ${row.status}`)).toEqual([
      'A approved warn',
      'A tested-in pass',
      'A changeset pass',
      'A depends-on pass',
      'A clean-merge pass',
      'B tested-in fail',
      'B approved fail',
      'B changeset pass',
      'B depends-on pass',
      'B clean-merge pass',
    ]);
    expect(rows[0]?.message).toMatch(/\(overridden: urgent\)$/);
  });
});
