import { describe, expect, it } from 'vitest';
import { member, MAIN, NOW, policy, prodEnv, request, sha, storyFacts, testEnv } from '../plan/fixtures.spec.js';
import { buildStatus } from './build-status.js';

const DAY = 24 * 60 * 60 * 1000;

function facts() {
  const f = storyFacts();
  // A shipped at its head; B stale in test (its branch moved); D waited 20 days in test.
  const a = f.requests[0]!;
  f.environments[1] = { name: 'prod', tip: MAIN, members: [member(a, NOW - DAY)], version: '1.4.0' };
  f.requests[1] = { ...f.requests[1]!, head: sha('B-head-2'), requester: 'Ana', dependsOn: ['A'] };
  f.environments[0]!.members[3] = member(f.requests[3]!, NOW - 20 * DAY);
  f.approvals.push({ requestId: 'B', env: 'prod', sha: sha('B-head'), by: 'Kim', at: NOW - 5 });
  f.conflicts = [{ a: 'C', b: 'env:prod', paths: ['src/x.ts'] }];
  f.events.push(
    { type: 'deployed', at: NOW - 50, actor: 'CI', env: 'prod', sha: MAIN, data: { version: '1.4.0' } },
    { type: 'rolled-back', at: NOW - 40, actor: 'Kim', env: 'prod', sha: sha('old'), reason: 'errors' },
    { type: 'deployed', at: NOW - 30, actor: 'CI', env: 'test', sha: sha('x') },
    // A failed deploy left the previous release serving: never the latest deployment.
    { type: 'deployed', at: NOW - 20, actor: 'CI', env: 'test', sha: sha('broken'), data: { ok: false, exitCode: 1 } },
  );
  return f;
}

describe('buildStatus', () => {
  const report = buildStatus({ policy: policy(), facts: facts() });

  it('lists open requests by id first and shipped requests last', () => {
    expect(report.requests.map((row) => [row.id, row.shipped])).toEqual([
      ['B', false],
      ['C', false],
      ['D', false],
      ['A', true],
    ]);
  });

  it('shows each request in each environment as in, stale or absent', () => {
    const b = report.requests[0]!;
    expect(b.envs).toEqual({
      test: { state: 'stale', sha: sha('B-head'), since: NOW - 2 * 3_600_000, waitedMs: 2 * 3_600_000 },
      prod: { state: 'absent' },
    });
    expect(b).toMatchObject({ title: 'Title B', requester: 'Ana', head: sha('B-head-2'), dependsOn: ['A'] });
    const a = report.requests[3]!;
    expect(a.envs['prod']).toEqual({ state: 'in', sha: sha('A-head'), since: NOW - DAY, waitedMs: DAY });
    expect(a.envs['test']?.state).toBe('in');
  });

  it('marks approvals stale when the head moved', () => {
    expect(report.requests[0]!.approvals).toEqual({ test: [], prod: [{ sha: sha('B-head'), by: 'Kim', at: NOW - 5, fresh: false }] });
    expect(report.requests[1]!.approvals['prod']).toEqual([{ sha: sha('C-head'), by: 'Kim <kim@example.com>', at: NOW - 900, fresh: true }]);
  });

  it('warns when a request waited longer than max-age (default 14 days, or the rule option)', () => {
    expect(report.requests.find((row) => row.id === 'D')?.maxAgeWarning).toEqual({ env: 'test', days: 14, waitedMs: 20 * DAY });
    expect(report.requests.filter((row) => row.maxAgeWarning !== undefined).map((row) => row.id)).toEqual(['D']);
    const strict = policy('origin', [{ ...testEnv, rules: [{ rule: 'max-age', options: { days: 30 } }] }, prodEnv]);
    expect(buildStatus({ policy: strict, facts: facts() }).requests.some((row) => row.maxAgeWarning !== undefined)).toBe(false);
  });

  it('lists conflicts involving the request', () => {
    expect(report.requests.find((row) => row.id === 'C')?.conflicts).toEqual([{ a: 'C', b: 'env:prod', paths: ['src/x.ts'] }]);
    expect(report.requests.find((row) => row.id === 'B')?.conflicts).toEqual([]);
  });

  it('summarises each environment with its latest deployment', () => {
    const f = facts();
    expect(report.environments).toEqual([
      {
        name: 'test',
        kind: 'integration',
        branch: 'env/test',
        tip: f.environments[0]!.tip,
        version: null,
        requestCount: 4,
        lastDeployment: { type: 'deployed', at: NOW - 30, actor: 'CI', sha: sha('x') },
        // env/test was rebuilt after that deploy: its servers run an older build.
        live: { sha: sha('x'), via: 'deployed' },
      },
      {
        name: 'prod',
        kind: 'release',
        branch: 'main',
        tip: MAIN,
        version: '1.4.0',
        requestCount: 1,
        lastDeployment: { type: 'rolled-back', at: NOW - 40, actor: 'Kim', sha: sha('old'), reason: 'errors' },
        live: { sha: sha('old'), via: 'rolled-back' },
      },
    ]);
  });

  it('names what the servers run only when it differs from the branch tip (issue 18: after a rollback, a failed deploy)', () => {
    const f = facts();
    // prod deployed at its tip after the rollback: live is the tip, nothing to say.
    f.events.push({ type: 'deployed', at: NOW - 10, actor: 'CI', env: 'prod', sha: MAIN, data: { version: '1.4.0' } });
    const prod = buildStatus({ policy: policy(), facts: f }).environments.find((env) => env.name === 'prod')!;
    expect(prod.live).toBeUndefined();
    // A failed deploy of a newer tip leaves the previous release live.
    f.environments[1] = { ...f.environments[1]!, tip: sha('newer') };
    f.events.push({ type: 'deployed', at: NOW - 5, actor: 'CI', env: 'prod', sha: sha('newer'), data: { ok: false, exitCode: 1 } });
    const after = buildStatus({ policy: policy(), facts: f }).environments.find((env) => env.name === 'prod')!;
    expect(after.live).toEqual({ sha: MAIN, version: '1.4.0', via: 'deployed' });
  });

  it('is JSON-safe and does not depend on the order of the facts', () => {
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
    const f = facts();
    f.requests.reverse();
    expect(buildStatus({ policy: policy(), facts: f })).toEqual(report);
  });

  it('handles an environment the adapter saw nothing of', () => {
    const f = facts();
    f.environments = [];
    f.requests = [request('Q')];
    const empty = buildStatus({ policy: policy(), facts: f });
    expect(empty.environments.map((env) => [env.tip, env.requestCount])).toEqual([
      [null, 0],
      [null, 0],
    ]);
    expect(empty.requests[0]!.envs).toEqual({ test: { state: 'absent' }, prod: { state: 'absent' } });
  });
});

describe('buildStatus checks', () => {
  it('shows the latest result of each check about the head, and required head checks nothing reported', async () => {
    const { makeFacts, makeRequest, makePolicy, testEnv, prodEnv, NOW } = await import('../rules/rule-fixtures.spec.js');
    const a = makeRequest('A');
    const policy = makePolicy([{ ...testEnv, rules: [{ rule: 'checks', options: { required: ['unit', 'e2e'] }, level: 'error' }] }, prodEnv]);
    const facts = makeFacts({
      requests: [a],
      checks: [
        { name: 'e2e', result: 'pass', sha: a.head, source: 'relctl', by: 'CI', at: NOW - 20 },
        { name: 'e2e', result: 'fail', sha: a.head, source: 'relctl', by: 'CI', at: NOW - 10, url: 'https://ci/9' },
        { name: 'unit', result: 'pass', sha: 'f'.repeat(40), source: 'relctl', by: 'CI', at: NOW - 10 },
      ],
    });
    expect(buildStatus({ policy, facts }).requests[0]!.checks).toEqual([
      { name: 'unit', result: 'missing', sha: a.head },
      { name: 'e2e', result: 'fail', sha: a.head, source: 'relctl', by: 'CI', at: NOW - 10, url: 'https://ci/9' },
    ]);
    expect(buildStatus({ policy: makePolicy(), facts: makeFacts({ requests: [a] }) }).requests[0]!.checks).toBeUndefined();
  });

  it("counts the head checks of an environment's hotfixRules for a hotfix request only", async () => {
    const { makeFacts, makeRequest, makePolicy, testEnv, prodEnv } = await import('../rules/rule-fixtures.spec.js');
    const hotfix = { ...makeRequest('H'), hotfix: true };
    const normal = makeRequest('N');
    const policy = makePolicy([testEnv, { ...prodEnv, hotfixRules: [{ rule: 'checks', options: { required: ['smoke'], of: 'head' }, level: 'error' }] }]);
    const [h, n] = buildStatus({ policy, facts: makeFacts({ requests: [hotfix, normal] }) }).requests;
    expect(h!.checks).toEqual([{ name: 'smoke', result: 'missing', sha: hotfix.head }]);
    expect(n!.checks).toBeUndefined();
  });
});
