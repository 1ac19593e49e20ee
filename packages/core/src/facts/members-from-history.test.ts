import { describe, expect, it } from 'vitest';
import type { Environment } from '../model/environment.js';
import type { CommitInfo } from '../ports/git-port.js';
import { membersFromHistory } from './members-from-history.js';

const test: Environment = { name: 'test', branch: 'env/test', kind: 'integration', rules: [] };
const prod: Environment = { name: 'prod', branch: 'main', kind: 'release', rules: [] };
const h = (label: string): string => label.padEnd(40, '0');
const who = (timestamp: number) => ({ name: 'R', email: 'r@x', timestamp, timezoneOffset: 0 });

function commit(label: string, parents: string[], message: string, timestamp = 100): CommitInfo {
  return { sha: h(label), tree: h('tree'), parents, message, author: who(timestamp), committer: who(timestamp) };
}
const merge = (label: string, first: string, id: string, env: string, timestamp = 100): CommitInfo =>
  commit(label, [h(first), h(`${id}head`)], `Merge request ${id}: t into ${env}\n\nRelctl-Request: ${id}\nRelctl-Env: ${env}\n`, timestamp);

describe('membersFromHistory', () => {
  it('walks an integration branch from the tip to its base, members oldest first', () => {
    const commits = [merge('m2', 'm1', 'B', 'test', 200), merge('m1', 'b0', 'A', 'test', 150), commit('b0', [h('old')], 'release'), commit('old', [], 'root')];
    expect(membersFromHistory({ env: test, commits })).toEqual({
      base: h('b0'),
      members: [
        { requestId: 'A', sha: h('Ahead'), mergeCommit: h('m1'), since: 150_000 },
        { requestId: 'B', sha: h('Bhead'), mergeCommit: h('m2'), since: 200_000 },
      ],
    });
  });

  it('stops at a merge for another environment, a merge naming an invalid id, or a plain merge', () => {
    const foreign = [merge('m2', 'm1', 'B', 'test'), merge('m1', 'b0', 'A', 'staging'), commit('b0', [], 'x')];
    expect(membersFromHistory({ env: test, commits: foreign })).toMatchObject({ base: h('m1'), members: [{ requestId: 'B' }] });
    const hostile = [merge('m2', 'm1', 'B', 'test'), merge('m1', 'b0', '../../etc', 'test'), commit('b0', [], 'x')];
    expect(membersFromHistory({ env: test, commits: hostile })).toMatchObject({ base: h('m1'), members: [{ requestId: 'B' }] });
    const plain = [commit('m9', [h('b0'), h('x')], 'Merge branch x')];
    expect(membersFromHistory({ env: test, commits: plain })).toEqual({ base: h('m9'), members: [] });
  });

  it('uses the first parent of the oldest merge as base when the history is all merges', () => {
    const commits = [merge('m2', 'm1', 'B', 'test'), merge('m1', 'b0', 'A', 'test')];
    expect(membersFromHistory({ env: test, commits }).base).toBe(h('b0'));
    expect(membersFromHistory({ env: test, commits: [] })).toEqual({ base: null, members: [] });
  });

  it('keeps the newest merge of a request merged twice', () => {
    const commits = [merge('m3', 'm2', 'A', 'test', 300), merge('m2', 'm1', 'B', 'test'), merge('m1', 'b0', 'A', 'test'), commit('b0', [], 'x')];
    expect(membersFromHistory({ env: test, commits }).members.map((m) => [m.requestId, m.mergeCommit])).toEqual([
      ['B', h('m2')],
      ['A', h('m3')],
    ]);
  });

  it('takes every relctl merge of a release branch, the newest per request winning', () => {
    const commits = [
      commit('r2', [h('m3')], 'Release 1.1.0'),
      merge('m3', 'm2', 'A', 'prod', 300),
      commit('m2', [h('m1'), h('zz')], 'Merge branch hotfix'),
      merge('m1', 'r1', 'C', 'prod', 200),
      commit('r1', [h('m0')], 'Release 1.0.0'),
      merge('m0', 'root', 'A', 'prod', 100),
      merge('mx', 'root', '-bad', 'prod', 100),
    ];
    expect(membersFromHistory({ env: prod, commits })).toEqual({
      base: null,
      members: [
        { requestId: 'C', sha: h('Chead'), mergeCommit: h('m1'), since: 200_000 },
        { requestId: 'A', sha: h('Ahead'), mergeCommit: h('m3'), since: 300_000 },
      ],
    });
  });
});
