import { describe, expect, it } from 'vitest';
import { NOW, member, policy, sha, storyFacts } from '../plan/fixtures.spec.js';
import { buildStatus } from './build-status.js';

describe('buildStatus: the life state of each request', () => {
  it('marks shipped and closed requests hidden, a reverted one not, and lists the hidden ones last', () => {
    const facts = storyFacts();
    const [a, , c] = facts.requests;
    facts.environments[1]!.members = [member(a!), { ...member(c!), mergeCommit: sha('merge-C') }];
    facts.events.push(
      { type: 'closed', at: NOW, actor: 'Kim <k@x>', requestIds: ['B'] },
      { type: 'reverted', at: NOW, actor: 'Kim <k@x>', requestIds: ['C'], env: 'prod', data: { mergeCommit: sha('merge-C'), sha: c!.head } },
    );
    const rows = buildStatus({ policy: policy(), facts }).requests.map((row) => [row.id, row.state, row.hidden]);
    expect(rows).toEqual([
      ['C', 'reverted', false],
      ['D', 'open', false],
      ['A', 'shipped', true],
      ['B', 'closed', true],
    ]);
  });
});

describe('buildStatus: who closed a request, and the hotfix mark', () => {
  it('says who closed a request, when and why, while it is closed; not after a reopen', () => {
    const facts = storyFacts();
    facts.events.push({ type: 'closed', at: NOW, actor: 'Kim <k@x>', requestIds: ['B'], reason: 'not needed' });
    const closed = buildStatus({ policy: policy(), facts }).requests.find((row) => row.id === 'B');
    expect(closed).toMatchObject({ state: 'closed', closed: { at: NOW, actor: 'Kim <k@x>', reason: 'not needed' } });
    facts.events.push({ type: 'reopened', at: NOW + 1, actor: 'Kim <k@x>', requestIds: ['B'] });
    const reopened = buildStatus({ policy: policy(), facts }).requests.find((row) => row.id === 'B');
    expect(reopened?.state).toBe('open');
    expect(reopened).not.toHaveProperty('closed');
  });

  it('marks a hotfix request, and no other', () => {
    const facts = storyFacts();
    facts.requests[1] = { ...facts.requests[1]!, hotfix: true };
    const rows = buildStatus({ policy: policy(), facts }).requests;
    expect(rows.filter((row) => row.hotfix === true).map((row) => row.id)).toEqual([facts.requests[1]!.id]);
    expect(rows.filter((row) => 'hotfix' in row)).toHaveLength(1);
  });
});

describe('buildStatus: requests closed with their branch deleted', () => {
  it('lists them apart (no branch, no row), with the head reopen restores; not once the branch is back', () => {
    const facts = storyFacts();
    const d = facts.requests[3]!;
    facts.requests = facts.requests.slice(0, 3);
    facts.environments[0]!.members = facts.environments[0]!.members.slice(0, 3);
    facts.events.push({ type: 'closed', at: NOW, actor: 'Kim <k@x>', requestIds: ['D'], sha: d.head, reason: 'not wanted', data: { branchDeleted: true } });
    const report = buildStatus({ policy: policy(), facts });
    expect(report.requests.map((row) => row.id)).not.toContain('D');
    expect(report.deletedBranches).toEqual([{ id: 'D', sha: d.head, at: NOW, actor: 'Kim <k@x>', reason: 'not wanted' }]);
    facts.requests.push(d);
    expect(buildStatus({ policy: policy(), facts }).deletedBranches).toBeUndefined();
  });
});
