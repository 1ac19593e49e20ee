import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '@relctl/testing';
import { generateCases, oracle, type MergeCase, type OracleResult } from '../../test/merge/property-harness.js';
import { openRepository } from '../repo/open-repository.js';
import { mergeCommits } from './merge-commits.js';

const CASES = Number(process.env['RELCTL_MERGE_CASES'] ?? 300);
const SEED = Number(process.env['RELCTL_MERGE_SEED'] ?? 20260101);

describe(`mergeCommits against git merge-tree (${CASES} random histories, seed ${SEED})`, () => {
  let repo: TempRepo;
  let cases: MergeCase[];
  let expected: OracleResult[];

  beforeAll(() => {
    repo = createTempRepo({ bare: true });
    cases = generateCases(repo.dir, SEED, CASES);
    expected = oracle(repo.dir, cases);
  });
  afterAll(() => repo?.remove());

  it('agrees on clean-vs-conflict, on the merged tree when clean, and on the conflicted paths', async () => {
    expect(expected).toHaveLength(CASES);
    const handle = await openRepository({ cwd: repo.dir });
    const mismatches: string[] = [];
    let conflicted = 0;
    const refs = new Map(
      repo
        .git(['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/'])
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );
    for (const [i, c] of cases.entries()) {
      const want = expected[i] as OracleResult;
      const ours = refs.get(c.ours) as string;
      const theirs = refs.get(c.theirs) as string;
      const got = await mergeCommits({ repo: handle, ours, theirs, labels: { ours: c.ours, theirs: c.theirs }, write: 'always' });
      if (!want.clean) conflicted++;
      const gotPaths = got.clean ? [] : [...new Set(got.conflicts.map((x) => x.path))].sort();
      const wantPaths = [...want.paths].sort();
      const gotTree = got.tree;
      if (got.clean !== want.clean || gotTree !== want.tree || JSON.stringify(gotPaths) !== JSON.stringify(wantPaths)) {
        mismatches.push(
          `${c.ours} ${c.theirs}: git ${want.clean ? 'clean' : 'conflict'} ${want.tree} [${wantPaths}] vs ours ${got.clean ? 'clean' : 'conflict'} ${gotTree} [${gotPaths}]`,
        );
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // the generator must exercise both outcomes
    expect(conflicted).toBeGreaterThan(CASES / 10);
    expect(conflicted).toBeLessThan(CASES);
  }, 120_000);
});
