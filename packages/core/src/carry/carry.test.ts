import { describe, expect, it } from 'vitest';
import { approved } from '../rules/approved.js';
import { soak } from '../rules/soak.js';
import { testedIn } from '../rules/tested-in.js';
import { HOUR, NOW, approval, makeContext, makeFacts, makePolicy, makeRequest, member, prodEnv, sha, testEnv, withMembers } from '../rules/rule-fixtures.spec.js';
import { buildStatus } from '../status/build-status.js';
import type { AuditEvent } from '../model/audit-event.js';
import type { Facts } from '../model/facts.js';
import { carriedHeads } from './carried-heads.js';
import { carryModeFor } from './carry-mode-for.js';
import { carryOf } from './carry-of.js';
import type { LineageLink } from './lineage-link.js';
import { validateConfig } from '../config/validate-config.js';

// B was approved and tested at h0; a sync made h1 (trivial), another sync made h2 (trivial).
const h0 = sha('B0');
const h1 = sha('B1s');
const h2 = sha('B2s');
const synced = (from: string, to: string): LineageLink => ({ sha: to, previous: from, merged: sha('prod'), carries: true });
const b = makeRequest('B', { head: h2 });
const lineage = { B: [synced(h1, h2), synced(h0, h1)] };
const short = (value: string): string => value.slice(0, 7);

describe('carriedHeads', () => {
  it('follows an unbroken run of carrying links from the head', () => {
    expect([...carriedHeads({ head: h2, links: lineage.B, mode: 'sync' })]).toEqual([h1, h0]);
  });

  it('stops at the first link that does not carry: a developer commit or a resolved sync ends the carry', () => {
    const edited: LineageLink = { sha: h2, previous: h1, carries: false, reason: 'not a merge' };
    expect([...carriedHeads({ head: h2, links: [edited, synced(h0, h1)], mode: 'sync' })]).toEqual([]);
    const resolved: LineageLink = { sha: h1, previous: h0, merged: sha('prod'), carries: false, reason: 'the merge conflicts' };
    expect([...carriedHeads({ head: h2, links: [synced(h1, h2), resolved], mode: 'sync' })]).toEqual([h1]);
  });

  it('carries nothing with mode none, without links, or when the chain does not start at the head', () => {
    expect(carriedHeads({ head: h2, links: lineage.B, mode: 'none' }).size).toBe(0);
    expect(carriedHeads({ head: h2, links: undefined, mode: 'sync' }).size).toBe(0);
    expect(carriedHeads({ head: sha('other'), links: lineage.B, mode: 'sync' }).size).toBe(0);
  });
});

describe('carryOf', () => {
  it('says whether a record is about the head, carried to it, or stale', () => {
    const facts = { lineage };
    expect(carryOf({ facts, request: b, sha: h2, mode: 'sync' })).toEqual({ state: 'current' });
    expect(carryOf({ facts, request: b, sha: h0, mode: 'sync' })).toEqual({ state: 'carried', from: h0, to: h2 });
    expect(carryOf({ facts, request: b, sha: sha('elsewhere'), mode: 'sync' })).toEqual({ state: 'stale' });
    expect(carryOf({ facts, request: b, sha: h0, mode: 'none' })).toEqual({ state: 'stale' });
    expect(carryOf({ facts: {}, request: b, sha: h0, mode: 'sync' })).toEqual({ state: 'stale' });
  });

  it('reads only the lineage of the request itself (no prototype keys)', () => {
    const request = makeRequest('constructor', { head: h2 });
    expect(carryOf({ facts: { lineage }, request, sha: h0, mode: 'sync' })).toEqual({ state: 'stale' });
  });
});

describe('carryModeFor', () => {
  it('takes the rule option, then the environment, then sync', () => {
    expect(carryModeFor({ env: { rules: [] }, rule: 'approved' })).toBe('sync');
    expect(carryModeFor({ env: { carry: 'none', rules: [] }, rule: 'approved' })).toBe('none');
    expect(carryModeFor({ env: { carry: 'none', rules: [{ rule: 'approved', options: { carry: 'sync' } }] }, rule: 'approved' })).toBe('sync');
    expect(carryModeFor({ env: { rules: [{ rule: 'tested-in', options: { carry: 'none' } }] }, rule: 'approved' })).toBe('sync');
  });
});

describe('rules with carried records', () => {
  const facts: Facts = {
    ...withMembers(makeFacts({ requests: [b] }), { test: [{ ...member(b), sha: h0 }] }),
    approvals: [approval(b, 'prod', 'Kim <kim@example.com>', h0)],
    lineage,
  };

  it('approved: an approval of the synced-from head counts, and says it was carried', () => {
    expect(approved(makeContext({ request: b, facts, options: { count: 1 } }))).toEqual({
      status: 'pass',
      message: `approved for prod at ${short(h2)} by Kim <kim@example.com>, carried across sync ${short(h0)} → ${short(h2)}.`,
    });
  });

  it('approved: carry none (on the rule or the environment) keeps the approval stale', () => {
    const onRule = approved(makeContext({ request: b, facts, options: { count: 1, carry: 'none' } }));
    expect(onRule.status).toBe('fail');
    expect(onRule.message).toContain(`approvals of older heads (${short(h0)}) are stale`);
    expect(approved(makeContext({ request: b, facts, target: { ...prodEnv, carry: 'none' }, source: testEnv })).status).toBe('fail');
  });

  it('approved: without the lineage proof the approval is stale, as before', () => {
    expect(approved(makeContext({ request: b, facts: { ...facts, lineage: {} } })).status).toBe('fail');
  });

  it('tested-in: the source holding the synced-from head counts', () => {
    expect(testedIn(makeContext({ request: b, facts }))).toEqual({
      status: 'pass',
      message: `test holds B at ${short(h0)}, carried across sync ${short(h0)} → ${short(h2)}.`,
    });
    expect(testedIn(makeContext({ request: b, facts, options: { carry: 'none' } })).status).toBe('fail');
  });

  it('soak: a rebuild that swaps the synced head in does not restart the stay', () => {
    const promoted = (sha: string, at: number): AuditEvent => ({ type: 'promoted', env: 'test', requestIds: ['B'], actor: 'x', at, data: { shas: { B: sha } } });
    const events = [promoted(h0, NOW - 30 * HOUR), promoted(h2, NOW - HOUR)];
    const rebuilt: Facts = { ...withMembers(makeFacts({ requests: [b] }), { test: [{ ...member(b), since: NOW - HOUR }] }), events, lineage };
    const carried = soak(makeContext({ request: b, facts: rebuilt, options: { hours: 24 } }));
    expect(carried.status).toBe('pass');
    expect(carried.message).toContain('has been in test for 1d 6h');
    const restarted = soak(makeContext({ request: b, facts: rebuilt, options: { hours: 24, carry: 'none' } }));
    expect(restarted.status).toBe('fail');
  });

  it('soak: the source holding the synced-from head soaks on', () => {
    const events: AuditEvent[] = [{ type: 'promoted', env: 'test', requestIds: ['B'], actor: 'x', at: NOW - 30 * HOUR, data: { shas: { B: h0 } } }];
    const held: Facts = { ...withMembers(makeFacts({ requests: [b] }), { test: [{ ...member(b), sha: h0, since: NOW - 30 * HOUR }] }), events, lineage };
    const result = soak(makeContext({ request: b, facts: held, options: { hours: 24 } }));
    expect(result.status).toBe('pass');
    expect(result.message).toContain(`carried across sync ${short(h0)} → ${short(h2)}`);
  });
});

describe('status with carried records', () => {
  it('shows a carried approval as fresh and carried, and the test cell as in (carried)', () => {
    const facts: Facts = { ...withMembers(makeFacts({ requests: [b] }), { test: [{ ...member(b), sha: h0 }] }), approvals: [approval(b, 'prod', 'Kim', h0)], lineage };
    const row = buildStatus({ policy: makePolicy(), facts }).requests[0];
    expect(row?.approvals['prod']).toEqual([{ sha: h0, by: 'Kim', at: NOW - HOUR, fresh: true, carried: { from: h0, to: h2 } }]);
    expect(row?.envs['test']).toMatchObject({ state: 'in', sha: h0, carried: { from: h0, to: h2 } });
  });

  it("keeps today's stale view with carry none", () => {
    const facts: Facts = { ...withMembers(makeFacts({ requests: [b] }), { test: [{ ...member(b), sha: h0 }] }), approvals: [approval(b, 'prod', 'Kim', h0)], lineage };
    const row = buildStatus({ policy: makePolicy([testEnv, { ...prodEnv, carry: 'none' }]), facts }).requests[0];
    expect(row?.approvals['prod']?.[0]).toMatchObject({ fresh: false });
    expect(row?.approvals['prod']?.[0]?.carried).toBeUndefined();
    expect(row?.envs['test']).toMatchObject({ state: 'stale' });
  });
});

describe('carry in the config', () => {
  const environments = (prod: Record<string, unknown>): unknown => ({
    environments: [
      { name: 'test', kind: 'integration', branch: 'env/test' },
      { name: 'prod', kind: 'release', branch: 'main', source: 'test', ...prod },
    ],
  });
  const issues = (input: unknown): unknown => {
    const result = validateConfig({ input });
    return result.ok ? [] : result.issues;
  };

  it('reads carry on an environment and on the approved, tested-in and soak rules', () => {
    const result = validateConfig({
      input: environments({
        carry: 'none',
        rules: [
          { rule: 'approved', options: { carry: 'sync' } },
          { rule: 'tested-in', options: { carry: 'none' } },
        ],
      }),
    });
    expect(result.ok && result.policy.environments[1]).toMatchObject({ carry: 'none', rules: [{ options: { carry: 'sync' } }, { options: { carry: 'none' } }] });
  });

  it('refuses a misspelt key or value, naming what is allowed', () => {
    expect(issues(environments({ cary: 'sync' }))).toEqual([
      expect.objectContaining({ path: 'environments[1].cary', message: expect.stringContaining('unknown key "cary" (did you mean "carry"?)') }),
    ]);
    expect(issues(environments({ carry: 'always' }))).toEqual([{ path: 'environments[1].carry', message: '"always" is not allowed: use one of "sync", "none"' }]);
    expect(issues(environments({ rules: [{ rule: 'approved', options: { cary: 'none' } }] }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('(did you mean "carry"?)') }),
    ]);
  });
});

describe('refusals say where the carry broke', () => {
  const commit: LineageLink = { sha: h2, previous: h1, carries: false, reason: 'it is a commit of its own, not a sync' };
  const broken: Facts = {
    ...withMembers(makeFacts({ requests: [b] }), { test: [{ ...member(b), sha: h1 }] }),
    approvals: [approval(b, 'prod', 'Kim', h1)],
    lineage: { B: [commit] },
  };

  it('approved and tested-in name the commit that ended it, and why', () => {
    const why = `(no carry past ${short(h2)}: it is a commit of its own, not a sync)`;
    expect(approved(makeContext({ request: b, facts: broken })).message).toContain(`approvals of older heads (${short(h1)}) are stale ${why}`);
    expect(testedIn(makeContext({ request: b, facts: broken })).message).toContain(`but its head is now ${short(h2)} ${why}`);
  });

  it('say nothing more without a lineage or with carry none', () => {
    expect(approved(makeContext({ request: b, facts: { ...broken, lineage: {} } })).message).not.toContain('no carry past');
    expect(approved(makeContext({ request: b, facts: broken, options: { carry: 'none' } })).message).not.toContain('no carry past');
  });
});
