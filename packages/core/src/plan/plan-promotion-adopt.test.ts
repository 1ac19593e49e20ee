import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model/audit-event.js';
import type { RuleOutcome } from '../model/decision.js';
import type { Facts } from '../model/facts.js';
import type { PromotionIntent } from '../model/intent.js';
import { describePlan } from './describe-plan.js';
import { allow, MAIN, policy, prodEnv, sha, storyFacts, testEnv } from './fixtures.spec.js';
import { planPromotion } from './plan-promotion.js';
import type { PlanStep } from './plan-step.js';

const intent: PromotionIntent = { target: 'prod', requestIds: ['A', 'C'], overrides: [] };
const kinds = (steps: PlanStep[]): string[] => steps.map((step) => step.kind);
const TREE = sha('candidate-tree');
const RELEASE = sha('candidate-release');
const head = (id: string): string => sha(`${id}-head`);
const prod = { ...prodEnv, rules: [{ rule: 'verified-candidate', options: {}, level: 'error' as const }] };
const verifiedPolicy = policy('origin', [testEnv, prod]);
const passed = (status: RuleOutcome['status'] = 'pass'): RuleOutcome[] =>
  ['A', 'C'].map((requestId) => ({ requestId, rule: 'verified-candidate', status, message: 'tree matches' }));

function approval(data: Record<string, unknown> = {}, requestIds = ['A', 'C']): AuditEvent {
  return {
    type: 'approved',
    at: 1,
    actor: 'Kim <kim@example.com>',
    env: 'prod',
    requestIds,
    data: { candidate: 'A-C', tree: TREE, commit: RELEASE, base: MAIN, shas: { A: head('A'), C: head('C') }, by: 'Kim <kim@example.com>', ...data },
  };
}

function factsWith(events: AuditEvent[], tree: string | null = TREE): Facts {
  const facts = storyFacts();
  return { ...facts, events: [...facts.events, ...events], candidates: [{ env: 'prod', requestIds: ['A', 'C'], tree }] };
}

const plan = (facts: Facts, outcomes = passed(), usePolicy = verifiedPolicy) =>
  planPromotion({ policy: usePolicy, facts, intent, decision: allow('prod', ['A', 'C'], outcomes), command: 'promote A C --to prod' });

describe('planPromotion with an approved candidate (verified-candidate)', () => {
  it('adopts the candidate release commit in place of the merges and the release', () => {
    const adopted = plan(factsWith([approval()]));
    expect(adopted.steps.slice(0, 2)).toEqual([
      { kind: 'adopt', ref: 'refs/heads/main', env: 'prod', requestIds: ['A', 'C'], commit: RELEASE },
      { kind: 'tag', ref: 'refs/heads/main' },
    ]);
    expect(adopted.steps.some((step) => (step.kind === 'merge' && step.ref === 'refs/heads/main') || step.kind === 'release')).toBe(false);
    // The rest of the release work is unchanged: syncs, the rebuild of test, the events.
    expect(kinds(adopted.steps).slice(2, 4)).toEqual(['sync', 'sync']);
    expect(adopted.steps).toContainEqual({ kind: 'reset', ref: 'refs/heads/env/test', to: { ref: 'refs/heads/main' } });
    expect(adopted.steps).toContainEqual({
      kind: 'record',
      event: { type: 'promoted', env: 'prod', requestIds: ['A', 'C'], data: { shas: { A: head('A'), C: head('C') }, candidate: 'A-C', commit: RELEASE, fastForward: true } },
    });
    expect(adopted.steps).toContainEqual({ kind: 'record', event: { type: 'released', env: 'prod', requestIds: ['A', 'C'] }, shaOf: 'refs/heads/main', withRelease: true });
    expect(adopted.expected['refs/heads/main']).toBe(MAIN);
    expect(adopted.notes.join('\n')).toContain(`Ships approved candidate A-C: main fast-forwards to its release commit ${RELEASE.slice(0, 7)}`);
    expect(describePlan(adopted)[0]).toBe(`fast-forward to candidate ${RELEASE.slice(0, 7)}: main ships A, C as tested (same commit, same tree; its release)`);
  });

  it('takes the newest adoptable approval', () => {
    const newer = sha('candidate-release-2');
    const adopted = plan(factsWith([approval(), { ...approval({ commit: newer }), at: 2 }]));
    expect(adopted.steps[0]).toMatchObject({ kind: 'adopt', commit: newer });
  });

  it('merges and releases as before without the rule, when the rule did not pass, or without an approved candidate', () => {
    const merged = ['merge', 'merge', 'release', 'tag'];
    expect(kinds(plan(factsWith([approval()]), passed(), policy()).steps).slice(0, 4)).toEqual(merged);
    expect(kinds(plan(factsWith([approval()]), passed('warn')).steps).slice(0, 4)).toEqual(merged);
    expect(kinds(plan(factsWith([])).steps).slice(0, 4)).toEqual(merged);
    expect(kinds(plan(factsWith([approval()], sha('other-tree'))).steps).slice(0, 4)).toEqual(merged);
    expect(kinds(plan(factsWith([approval()], null)).steps).slice(0, 4)).toEqual(merged);
  });

  it('merges and releases, with a note saying why, when the candidate cannot be fast-forwarded to', () => {
    const cases: Array<[AuditEvent, string]> = [
      [approval({ base: sha('old-main') }), `main moved since it was built (${sha('old-main').slice(0, 7)} -> ${MAIN.slice(0, 7)})`],
      [approval({ shas: { A: sha('A-old'), C: head('C') } }), `A is at ${head('A').slice(0, 7)}, the candidate merged ${sha('A-old').slice(0, 7)}`],
      [approval({ commit: undefined }), "did not record the candidate's commit"],
      [approval({}, ['A', 'C', 'B']), 'it ships A, C, B, this promotion A, C'],
    ];
    for (const [event, why] of cases) {
      const fallback = plan(factsWith([event]));
      expect(kinds(fallback.steps).slice(0, 4)).toEqual(['merge', 'merge', 'release', 'tag']);
      const note = fallback.notes.find((line) => line.startsWith('No fast-forward to approved candidate A-C'));
      expect(note).toContain(why);
    }
  });
});
