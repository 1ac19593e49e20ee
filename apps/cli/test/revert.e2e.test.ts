import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, makeTempDir } from '@relctl/testing';
import { createStoryRepo, dryRunSteps, startFourRequests, type StoryRepo } from './story-repo.js';

interface StatusJson {
  requests: Array<{ id: string; shipped: boolean; envs: Record<string, { state: string; sha?: string }> }>;
  environments: Array<{ name: string; tip: string | null; version: string | null }>;
}
interface EventJson {
  type: string;
  requestIds?: string[];
  env?: string;
  sha?: string;
  reason?: string;
  data?: Record<string, unknown>;
}

/** Everything a refused command must leave as it was, plus the whole history of every ref. */
const untouched = (repo: StoryRepo): string => `${repo.fingerprint()}\n--log--\n${repo.git(['log', '--all', '--format=%H %P'])}`;

// A, B, C, D on test; A and C shipped (v1.1.0). Then A must go: `relctl revert A`.
describe('relctl revert', () => {
  let repo: StoryRepo;
  let mainShipped: string;
  let mergeA: string;
  let scratch: string;

  beforeAll(async () => {
    repo = await createStoryRepo();
    startFourRequests(repo);
    const mainStart = repo.sha('main');
    repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['approve', 'C', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'A', 'C', '--to', 'prod']);
    mainShipped = repo.sha('main');
    const merge = repo.firstParents('main', mainStart).find((commit) => commit.request === 'A');
    if (!merge) throw new Error('the merge of A into main was not found');
    mergeA = merge.sha;
    scratch = makeTempDir('revert-oracle');
  }, 180_000);
  afterAll(async () => {
    await repo?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('--dry-run prints the revert, the release and the rebuild of test, and changes nothing', () => {
    const before = untouched(repo);
    const result = repo.ok(['revert', 'A', '--dry-run']);
    expect(dryRunSteps(result.stdout).slice(0, 5)).toEqual([
      `revert A on main (merge ${mergeA.slice(0, 7)}, as git revert -m 1)`,
      'commit "Changeset for the revert of A" on main (.changeset/A.md)',
      'release A on main (version, changelog, changesets)',
      'tag the release on main',
      'start env/test from main',
    ]);
    expect(untouched(repo)).toBe(before);
    const json = JSON.parse(repo.ok(['revert', 'A', '--dry-run', '--json']).stdout) as { dryRun: boolean; plan: { steps: Array<{ kind: string }> } };
    expect(json.dryRun).toBe(true);
    expect(json.plan.steps[0]).toMatchObject({ kind: 'revert', requestId: 'A', commit: mergeA });
    expect(untouched(repo)).toBe(before);
  });

  it('refuses an unknown request and one that is not in production (exit 2, one line, nothing changed)', () => {
    const before = untouched(repo);
    const unknown = repo.relctl(['revert', 'Z']);
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(/^relctl: Request "Z" does not exist/);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const notShipped = repo.relctl(['revert', 'B']);
    expect(notShipped.code, notShipped.stderr).toBe(2);
    expect(notShipped.stderr).toMatch(/^relctl: Request B is not in prod, so there is nothing to revert/);
    expect(untouched(repo)).toBe(before);
  });

  it('reverts A on main exactly as `git revert -m 1` does, and releases it as a patch version', () => {
    // The oracle: system git reverts A's merge in a scratch clone of main as it was.
    const oracle = join(scratch, 'clone');
    git(scratch, ['clone', '-q', '--branch', 'main', repo.dir, oracle]);
    git(oracle, ['revert', '--no-edit', '-m', '1', mergeA]);
    const expectedTree = git(oracle, ['rev-parse', 'HEAD^{tree}']);

    const result = repo.ok(['revert', 'A', '--reason', 'CSV export breaks checkout']);
    expect(result.stdout).toContain('Reverted A: released v1.1.1.');
    const added = repo.firstParents('main', mainShipped);
    expect(added.map((commit) => commit.subject)).toEqual([expect.stringMatching(/1\.1\.1/), 'Changeset for the revert of A', 'Revert A: CSV export of orders']);
    const revertCommit = added[2]!;
    expect(revertCommit.parents).toEqual([mainShipped]);
    expect(repo.sha(`${revertCommit.sha}^{tree}`)).toBe(expectedTree);
    expect(repo.git(['log', '-1', '--format=%B', revertCommit.sha])).toContain(`This reverts merge commit ${mergeA}`);
    // main before A's merge + C: A's file is gone, C's rounding stays.
    expect(repo.show('main', 'src/export.js')).toBeNull();
    expect(repo.show('main', 'src/orders.js')).toContain('Math.round');

    expect(repo.sha('v1.1.1^{commit}')).toBe(repo.sha('main'));
    expect(JSON.parse(repo.show('main', 'package.json') ?? '{}')).toMatchObject({ version: '1.1.1' });
    expect(repo.show('main', 'CHANGELOG.md')).toContain('Revert A: CSV export of orders');
    expect(repo.show('main', '.changeset/A.md')).toBeNull();
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('rebuilds test on the new main without A', () => {
    expect(repo.isAncestor('main', 'env/test')).toBe(true);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['D', 'B']);
    expect(repo.show('env/test', 'src/export.js')).toBeNull();
    expect(repo.show('env/test', 'src/orders.js')).toContain('Math.round');
  });

  it('records a reverted event and status shows A out of prod, C still in', () => {
    const events = JSON.parse(repo.ok(['log', '--json']).stdout) as EventJson[];
    const reverted = events.find((event) => event.type === 'reverted');
    expect(reverted).toMatchObject({ env: 'prod', requestIds: ['A'], reason: 'CSV export breaks checkout', sha: repo.sha('main') });
    expect(reverted?.data).toMatchObject({ mergeCommit: mergeA, version: '1.1.1' });

    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
    const row = (id: string) => status.requests.find((candidate) => candidate.id === id);
    expect(row('A')?.envs['prod']?.state).toBe('absent');
    expect(row('A')?.shipped).toBe(false);
    expect(row('C')?.envs['prod']?.state).toBe('in');
    expect(status.environments.find((env) => env.name === 'prod')?.version).toBe('1.1.1');
  });

  it('refuses to revert A again: it is no longer in production', () => {
    const before = untouched(repo);
    const again = repo.relctl(['revert', 'A']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Request A is not in prod/);
    expect(untouched(repo)).toBe(before);
  });

  it('refuses a revert that conflicts with later changes (exit 4, naming the path), changing nothing', () => {
    repo.commitOnMain('Hotfix: totals in cents', {
      'src/orders.js': 'export function orderTotal(order) {\n  return Math.round(order.items.reduce((sum, item) => sum + item.cents, 0));\n}\n',
    });
    const before = untouched(repo);
    const result = repo.relctl(['revert', 'C']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/^relctl: Nothing changed: reverting C conflicts with later changes on prod in src\/orders\.js/);
    expect(untouched(repo)).toBe(before);
  });
});
