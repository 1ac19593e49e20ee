import { describe, expect, it } from 'vitest';
import { StateError, UsageError } from '../errors/index.js';
import type { Facts } from '../model/facts.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { describePlan } from './describe-plan.js';
import { allow, LOG, policy, sha, storyFacts, testEnv, prodEnv } from './fixtures.spec.js';
import { planAfterMerge, type LandedRelease } from './plan-after-merge.js';
import { planPromotion } from './plan-promotion.js';
import type { PlanStep } from './plan-step.js';

const head = (id: string): string => sha(`${id}-head`);
const RELEASE = sha('release-1.4.0');
const MERGED_C = sha('promotion-merge-C');
const PR_MERGE = sha('pull-request-merge');
const landed: LandedRelease = { commit: RELEASE, parent: MERGED_C, version: '1.4.0', requestIds: ['A', 'C'] };

/** The story after the pull request of A and C was merged into main with a merge commit. */
function mergedFacts(): Facts {
  const facts = storyFacts();
  return {
    ...facts,
    environments: facts.environments.map((env) =>
      env.name === 'prod'
        ? {
            name: 'prod',
            tip: PR_MERGE,
            members: ['A', 'C'].map((id) => ({ requestId: id, sha: head(id), since: facts.now - 60_000 })),
            version: '1.3.0',
          }
        : env,
    ),
  };
}

describe('planAfterMerge (the pull request of A and C merged into main)', () => {
  const plan = planAfterMerge({ policy: policy(), facts: mergedFacts(), landed, command: 'after-merge' });

  it('tags the release commit, syncs B and D from main, rebuilds test as main + B + D, records, moves refs once and pushes', () => {
    const scratch = 'refs/relctl/landed-release';
    expect(plan.steps).toEqual<PlanStep[]>([
      { kind: 'reset', ref: scratch, to: { sha: MERGED_C } },
      { kind: 'release', ref: scratch, env: 'prod', requestIds: ['A', 'C'] },
      { kind: 'reset', ref: scratch, to: { sha: RELEASE } },
      { kind: 'tag', ref: scratch },
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
        event: { type: 'released', env: 'prod', requestIds: ['A', 'C'], data: { viaPr: true } },
        shaOf: scratch,
        withRelease: true,
      },
      { kind: 'record', event: { type: 'synced', env: 'prod', requestIds: ['B', 'D'], data: { from: 'main' } } },
      {
        kind: 'record',
        event: { type: 'promoted', env: 'test', requestIds: ['B', 'D'], data: { rebuild: true, base: 'prod', removed: ['A', 'C'] } },
      },
      { kind: 'update-refs', refs: ['refs/heads/req/B', 'refs/heads/req/D', 'refs/heads/env/test', AUDIT_LOG_REF] },
      { kind: 'push', remote: 'origin', refs: ['refs/heads/req/B', 'refs/heads/req/D', 'refs/heads/env/test', AUDIT_LOG_REF] },
    ]);
  });

  it('expects every ref it reads or moves at its observed value; main is read but never moved', () => {
    const test = mergedFacts().environments.find((env) => env.name === 'test');
    expect(plan.expected).toEqual({
      'refs/heads/main': PR_MERGE,
      'refs/heads/req/B': head('B'),
      'refs/heads/req/D': head('D'),
      'refs/heads/env/test': test?.tip,
      [AUDIT_LOG_REF]: LOG,
    });
    const moved = plan.steps.flatMap((step) => (step.kind === 'update-refs' || step.kind === 'push' ? step.refs : []));
    expect(moved).not.toContain('refs/heads/main');
    expect(moved).not.toContain('refs/relctl/landed-release');
  });

  it('is the tail of a direct promotion of A and C: the same syncs, rebuild and closing records', () => {
    const direct = planPromotion({
      policy: policy(),
      facts: storyFacts(),
      intent: { target: 'prod', requestIds: ['A', 'C'], overrides: [] },
      decision: allow('prod', ['A', 'C']),
      command: 'promote A C --to prod',
    });
    const tail = (steps: PlanStep[]) =>
      steps.filter(
        (step) =>
          step.kind === 'sync' ||
          (step.kind === 'reset' && step.ref === 'refs/heads/env/test') ||
          (step.kind === 'merge' && step.ref === 'refs/heads/env/test') ||
          (step.kind === 'record' && (step.event.type === 'synced' || step.event.data?.['rebuild'] === true)),
      );
    expect(tail(plan.steps)).toEqual(tail(direct.steps));
    expect(tail(plan.steps).length).toBe(7);
    const closing = (steps: PlanStep[]) => steps.find((step) => step.kind === 'update-refs');
    expect(closing(direct.steps)).toEqual({ kind: 'update-refs', refs: ['refs/heads/main', ...(closing(plan.steps) as { refs: string[] }).refs] });
  });

  it('prints as readable lines and is plain, deterministic data', () => {
    const lines = describePlan(plan);
    expect(lines.slice(0, 4)).toEqual([
      `reset refs/relctl/landed-release to ${MERGED_C.slice(0, 7)}`,
      'release A, C on refs/relctl/landed-release (version, changelog, changesets)',
      `reset refs/relctl/landed-release to ${RELEASE.slice(0, 7)}`,
      'tag the release on refs/relctl/landed-release',
    ]);
    expect(plan.notes[0]).toContain(`Release 1.4.0 (${RELEASE.slice(0, 7)}) of A, C is on prod`);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(planAfterMerge({ policy: policy(), facts: mergedFacts(), landed, command: 'after-merge' })).toEqual(plan);
  });
});

describe('planAfterMerge edge cases', () => {
  it('without a remote it does not push; without open requests it neither syncs nor records synced', () => {
    const facts = mergedFacts();
    const only = { ...facts, requests: facts.requests.filter((request) => request.id === 'A' || request.id === 'C') };
    const plan = planAfterMerge({ policy: policy(null, [prodEnv]), facts: only, landed, command: 'after-merge' });
    expect(plan.steps.map((step) => step.kind)).toEqual(['reset', 'release', 'reset', 'tag', 'record', 'update-refs']);
    expect(plan.steps.at(-1)).toEqual({ kind: 'update-refs', refs: [AUDIT_LOG_REF] });
  });

  it('removes from test a shipped request even when its branch was deleted after the merge', () => {
    const facts = mergedFacts();
    const withoutA = { ...facts, requests: facts.requests.filter((request) => request.id !== 'A') };
    const plan = planAfterMerge({ policy: policy(), facts: withoutA, landed, command: 'after-merge' });
    const rebuild = plan.steps.find((step) => step.kind === 'record' && step.event.data?.['rebuild'] === true);
    expect(rebuild).toMatchObject({ event: { requestIds: ['B', 'D'], data: { removed: ['A', 'C'] } } });
  });

  it('keeps on test a request that is not shipped and has no branch any more, at the SHA test holds', () => {
    const facts = mergedFacts();
    const withoutB = { ...facts, requests: facts.requests.filter((request) => request.id !== 'B') };
    const plan = planAfterMerge({ policy: policy(), facts: withoutB, landed, command: 'after-merge' });
    const merges = plan.steps.filter((step) => step.kind === 'merge');
    expect(merges.map((step) => [step.requestId, step.sha, step.headRef])).toEqual([
      ['B', head('B'), undefined],
      ['D', head('D'), 'refs/heads/req/D'],
    ]);
    expect(plan.steps.filter((step) => step.kind === 'sync').map((step) => step.requestId)).toEqual(['D']);
  });

  it('notes an integration environment that does not exist and does not rebuild it', () => {
    const facts = mergedFacts();
    const noTest = { ...facts, environments: facts.environments.filter((env) => env.name !== 'test') };
    const plan = planAfterMerge({ policy: policy('origin', [testEnv, prodEnv]), facts: noTest, landed, command: 'after-merge' });
    expect(plan.notes).toContain('test (env/test) does not exist yet; not rebuilt.');
    expect(plan.steps.some((step) => 'ref' in step && step.ref === 'refs/heads/env/test')).toBe(false);
  });

  it('refuses a release without requests (UsageError) and a missing release branch (StateError)', () => {
    expect(() => planAfterMerge({ policy: policy(), facts: mergedFacts(), landed: { ...landed, requestIds: [] }, command: 'after-merge' })).toThrow(UsageError);
    const facts = mergedFacts();
    const noMain = { ...facts, environments: facts.environments.map((env) => (env.name === 'prod' ? { ...env, tip: null } : env)) };
    expect(() => planAfterMerge({ policy: policy(), facts: noMain, landed, command: 'after-merge' })).toThrow(StateError);
  });
});
