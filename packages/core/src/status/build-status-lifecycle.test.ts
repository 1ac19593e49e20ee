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
