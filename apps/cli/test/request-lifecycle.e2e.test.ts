import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, dryRunSteps, startFourRequests, type StoryRepo, startFourOnTestAcApproved } from './story-repo.js';

interface StatusRowJson {
  id: string;
  state: string;
  hidden: boolean;
  shipped: boolean;
  envs: Record<string, { state: string }>;
}
interface EventJson {
  type: string;
  requestIds?: string[];
  reason?: string;
  data?: Record<string, unknown>;
}

/** Everything a refused command must leave as it was, plus the whole history of every ref. */
const untouched = (repo: StoryRepo): string => `${repo.fingerprint()}\n--log--\n${repo.git(['log', '--all', '--format=%H %P'])}\n--origin--\n${repo.originRefs()}`;
const statusRows = (repo: StoryRepo): StatusRowJson[] => (JSON.parse(repo.ok(['status', '--json']).stdout) as { requests: StatusRowJson[] }).requests;
const row = (repo: StoryRepo, id: string): StatusRowJson | undefined => statusRows(repo).find((candidate) => candidate.id === id);
const events = (repo: StoryRepo): EventJson[] => JSON.parse(repo.ok(['log', '--json']).stdout) as EventJson[];
/** The request column of the status table (the first word of each row, up to the blank line). */
const tableIds = (stdout: string): string[] =>
  stdout
    .split('\n\n')[0]!
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((id) => /^[A-Z]$/.test(id));

// A, B, C, D on test (with an origin); A and C ship. B is withdrawn (close, reopen); A is reverted and shipped again.
describe('relctl request close | reopen | reship', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    startFourOnTestAcApproved(repo);
    repo.ok(['promote', 'A', 'C', '--to', 'prod']);
  }, 240_000);
  afterAll(async () => {
    await repo?.remove();
  });

  it('status leaves shipped requests out of its table (and their approvals); --all and --json show them with a state', () => {
    const table = repo.ok(['status']).stdout;
    expect(tableIds(table)).toEqual(['B', 'D']);
    expect(table).not.toContain('prod: Kim');
    expect(table).toContain('(2 shipped not shown; relctl status --all shows them)');
    const all = repo.ok(['status', '--all']).stdout;
    expect(all).toMatch(/^request +title +state +test +prod/m);
    expect(all).toMatch(/^A +CSV export of orders +shipped +- +shipped/m);
    expect(all).toMatch(/^B +New product page layout +open +in/m);
    expect(statusRows(repo).map((item) => [item.id, item.state, item.hidden])).toEqual([
      ['B', 'open', false],
      ['D', 'open', false],
      ['A', 'shipped', true],
      ['C', 'shipped', true],
    ]);
  });

  it('close --dry-run prints the rebuild of test without B and the closed event, and changes nothing', () => {
    const before = untouched(repo);
    const steps = dryRunSteps(repo.ok(['request', 'close', 'B', '--reason', 'withdrawn', '--dry-run']).stdout);
    expect(steps).toContain('record demoted B (test)');
    expect(steps).toContain('record closed B: withdrawn');
    const json = JSON.parse(repo.ok(['request', 'close', 'B', '--dry-run', '--json']).stdout) as { dryRun: boolean; plan: { steps: Array<{ kind: string }> } };
    expect(json.dryRun).toBe(true);
    expect(json.plan.steps.map((step) => step.kind)).toContain('update-refs');
    expect(untouched(repo)).toBe(before);
  });

  it('refuses unknown, shipped and not-closed requests (exit 2, one line, nothing changed)', () => {
    const before = untouched(repo);
    const cases: Array<[string[], RegExp]> = [
      [['request', 'close', 'Z'], /^relctl: Request "Z" does not exist/],
      [['request', 'close', 'A'], /^relctl: Request A has shipped to prod; a shipped request is not closed but reverted \("relctl revert A"\)/],
      [['request', 'reopen', 'B'], /^relctl: Request B is not closed; there is nothing to reopen/],
      [['request', 'reship', 'B'], /^relctl: Request B is not reverted in prod/],
      [['request', 'reship', 'Z'], /^relctl: Request "Z" does not exist/],
    ];
    for (const [args, message] of cases) {
      const result = repo.relctl(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(untouched(repo)).toBe(before);
  });

  it('close takes B off test in one transaction, logs it, pushes, hides it and keeps its branch', () => {
    const head = repo.sha('req/B');
    const logBefore = repo.sha('refs/relctl/log');
    const result = repo.ok(['request', 'close', 'B', '--reason', 'the customer withdrew it']);
    expect(result.stdout).toContain('Closed B');
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['D']);
    expect(repo.show('env/test', 'src/products.js')).not.toContain('grid');
    expect(repo.sha('req/B')).toBe(head);
    // One transaction: demoted and closed are the two events on top of the log as it was.
    expect(repo.git(['rev-list', `${logBefore}..refs/relctl/log`]).split('\n')).toHaveLength(2);
    const [closed, demoted] = events(repo); // newest first
    expect(demoted).toMatchObject({ type: 'demoted', requestIds: ['B'] });
    expect(closed).toMatchObject({ type: 'closed', requestIds: ['B'], reason: 'the customer withdrew it' });
    expect(repo.sharedRefs()).toBe(repo.originRefs());
    expect(tableIds(repo.ok(['status']).stdout)).toEqual(['D']);
    expect(repo.ok(['status']).stdout).toContain('(2 shipped, 1 closed not shown; relctl status --all shows them)');
    expect(repo.ok(['status', '--all']).stdout).toMatch(/^B +New product page layout +closed +- +-/m);
    expect(row(repo, 'B')).toMatchObject({ state: 'closed', hidden: true });
    // request list still lists it, marked closed where its environments would be.
    expect(repo.ok(['request', 'list']).stdout).toMatch(/^B +New product page layout +.* closed +\S+$/m);
    const listed = JSON.parse(repo.ok(['request', 'list', '--json']).stdout) as { id: string; closed?: { reason?: string } }[];
    expect(listed.find((request) => request.id === 'B')?.closed).toMatchObject({ reason: 'the customer withdrew it' });
  });

  it('a closed request is neither promoted nor approved, and not closed twice (naming request reopen)', () => {
    const before = untouched(repo);
    for (const args of [
      ['promote', 'B', '--to', 'test'],
      ['approve', 'B', '--for', 'prod', '--by', 'Kim'],
      ['request', 'close', 'B'],
    ]) {
      const result = repo.relctl(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/relctl request reopen B/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(untouched(repo)).toBe(before);
  });

  it('reopen brings B back: logged, shown, promotable again', () => {
    repo.ok(['request', 'reopen', 'B']);
    expect(events(repo)[0]).toMatchObject({ type: 'reopened', requestIds: ['B'] });
    expect(row(repo, 'B')).toMatchObject({ state: 'open', hidden: false });
    repo.ok(['promote', 'B', '--to', 'test']);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['B', 'D']);
  });

  it('after a revert, status labels A reverted (in the default view too)', () => {
    repo.ok(['revert', 'A', '--reason', 'CSV export breaks checkout']);
    expect(row(repo, 'A')).toMatchObject({ state: 'reverted', hidden: false });
    expect(repo.ok(['status']).stdout).toMatch(/^A +CSV export of orders +- +reverted/m);
    expect(repo.show('main', '.changeset/A.md')).toBeNull();
  });

  it('reship prepares A on its branch in one command: the revert reverted, the changeset back; nothing else moves', () => {
    const main = repo.sha('main');
    const test = repo.sha('env/test');
    const steps = dryRunSteps(repo.ok(['request', 'reship', 'A', '--dry-run']).stdout);
    expect(steps[0]).toBe('start req/A from main');
    expect(steps[1]).toMatch(/^revert [0-9a-f]{7} on req\/A \(as git revert\)$/);
    expect(steps[2]).toBe('commit "Restore the changeset of A to ship it again" on req/A (.changeset/A.md)');
    repo.ok(['request', 'reship', 'A']);
    expect(repo.isAncestor('main', 'req/A')).toBe(true);
    expect(repo.show('req/A', 'src/export.js')).toContain('ordersCsv');
    expect(repo.show('req/A', '.changeset/A.md')).toMatch(/minor/);
    expect(repo.sha('main')).toBe(main);
    expect(repo.sha('env/test')).toBe(test);
    expect(events(repo)[0]).toMatchObject({ type: 'reshipped', requestIds: ['A'] });
    expect(repo.sharedRefs()).toBe(repo.originRefs());
    const again = repo.relctl(['request', 'reship', 'A']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already prepared to ship again/);
  });

  it('then the normal path ships A again: test, approval, production with a minor release', () => {
    repo.ok(['promote', 'A', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'A', '--to', 'prod']);
    expect(repo.show('main', 'src/export.js')).toContain('ordersCsv');
    expect(repo.show('main', 'CHANGELOG.md')).toMatch(/## 1\.2\.0[\s\S]*CSV export of orders/);
    expect(row(repo, 'A')).toMatchObject({ state: 'shipped', hidden: true });
  });
});

// D is withdrawn for good: closed with its branch deleted here and on origin, and reopened later.
describe('relctl request close --delete-branch', () => {
  let repo: StoryRepo;
  let head: string;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    head = startFourRequests(repo).D;
    repo.ok(['promote', 'B', 'D', '--to', 'test']);
  }, 240_000);
  afterAll(async () => {
    await repo?.remove();
  });

  it('is refused while a worktree has the branch checked out, dry run too (exit 2, one line, nothing changed)', () => {
    const elsewhere = join(repo.dir, '..', 'd-worktree');
    repo.git(['worktree', 'add', '-q', elsewhere, 'req/D']);
    try {
      const before = untouched(repo);
      for (const args of [
        ['request', 'close', 'D', '--delete-branch'],
        ['request', 'close', 'D', '--delete-branch', '--dry-run'],
      ]) {
        const result = repo.relctl(args);
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/^relctl: Cannot delete req\/D: it is checked out in .*d-worktree; switch that worktree to another branch/);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      }
      expect(untouched(repo)).toBe(before);
    } finally {
      repo.git(['worktree', 'remove', '--force', elsewhere]);
    }
  });

  it('is refused on any other action: a deleting flag is never ignored', () => {
    const before = untouched(repo);
    for (const action of [['list'], ['show', 'D'], ['reopen', 'D'], ['new', 'E']]) {
      const result = repo.relctl(['request', ...action, '--delete-branch']);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^relctl: --delete-branch belongs to "relctl request close"/);
    }
    expect(untouched(repo)).toBe(before);
  });

  it('--dry-run shows the deletion in the plan and changes nothing', () => {
    const before = untouched(repo);
    const steps = dryRunSteps(repo.ok(['request', 'close', 'D', '--delete-branch', '--dry-run']).stdout);
    expect(steps).toContain('delete req/D');
    expect(steps.find((step) => step.startsWith('update refs in one transaction'))).toContain('req/D');
    expect(steps.find((step) => step.startsWith('push to origin'))).toContain('req/D');
    expect(untouched(repo)).toBe(before);
  });

  it('deletes req/D here and on origin in the transaction that takes D off test, and logs its head', () => {
    const logBefore = repo.sha('refs/relctl/log');
    const result = repo.ok(['request', 'close', 'D', '--delete-branch', '--reason', 'not wanted']);
    expect(result.stdout).toContain(`deleted branch req/D (was ${head.slice(0, 7)}`);
    expect(repo.git(['branch', '--list', 'req/D'])).toBe('');
    expect(repo.originGit(['branch', '--list', 'req/D'])).toBe('');
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['B']);
    expect(repo.git(['rev-list', `${logBefore}..refs/relctl/log`]).split('\n')).toHaveLength(2);
    expect(events(repo)[0]).toMatchObject({ type: 'closed', requestIds: ['D'], sha: head, data: { branchDeleted: true } });
    expect(repo.sharedRefs()).toBe(repo.originRefs());
    expect(statusRows(repo).map((item) => item.id)).not.toContain('D');
    // No branch, no row; status still says it is closed and how it comes back.
    expect(repo.ok(['status']).stdout).toContain('(1 closed not shown; relctl status --all shows them)');
    expect(repo.ok(['status', '--all']).stdout).toMatch(
      new RegExp(`^closed, branch deleted: D \\(was ${head.slice(0, 7)}, by .+ ago: not wanted\\); "relctl request reopen D" brings it back$`, 'm'),
    );
    expect((JSON.parse(repo.ok(['status', '--json']).stdout) as { deletedBranches?: unknown[] }).deletedBranches).toEqual([
      expect.objectContaining({ id: 'D', sha: head, reason: 'not wanted' }),
    ]);
    expect(repo.relctl(['doctor']).code).toBe(0);
  });

  it('reopen creates req/D again at its logged head, here and on origin', () => {
    const result = repo.ok(['request', 'reopen', 'D']);
    expect(result.stdout).toContain(`its branch req/D is back at ${head.slice(0, 7)}`);
    expect(repo.sha('req/D')).toBe(head);
    expect(repo.originGit(['rev-parse', 'refs/heads/req/D'])).toBe(head);
    expect(events(repo)[0]).toMatchObject({ type: 'reopened', requestIds: ['D'], sha: head });
    expect(row(repo, 'D')).toMatchObject({ state: 'open', hidden: false });
    repo.ok(['promote', 'D', '--to', 'test']);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['D', 'B']);
  });

  it('reopen is refused, naming the way back, when git gc pruned the deleted head (exit 2, nothing changed)', () => {
    const current = repo.sha('req/D');
    repo.ok(['request', 'close', 'D', '--delete-branch']);
    repo.git(['reflog', 'expire', '--expire=now', '--all']);
    repo.git(['gc', '-q', '--prune=now']);
    const before = untouched(repo);
    const result = repo.relctl(['request', 'reopen', 'D']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^relctl: Cannot reopen D: req/D was deleted when it was closed and its last commit ${current.slice(0, 7)} is no longer in this repository; from a clone that has it, run "git push origin ${current}:refs/heads/req/D"`,
      ),
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(untouched(repo)).toBe(before);
  });
});

// A team with a dev server too: B is on dev and on test; closing it takes it off both at once.
describe('relctl request close: a request on two integration environments', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    const configPath = join(repo.dir, 'relctl.config.yaml');
    const config = readFileSync(configPath, 'utf8');
    expect(config).toContain('environments:\n');
    writeFileSync(configPath, config.replace('environments:\n', 'environments:\n  - name: dev\n    kind: integration\n    branch: env/dev\n\n'));
    repo.git(['commit', '-q', '-am', 'A dev server']);
    repo.git(['push', '-q', 'origin', 'main']);
    startFourRequests(repo);
    repo.ok(['promote', 'B', 'D', '--to', 'dev']);
    repo.ok(['promote', 'B', 'C', '--to', 'test']);
  }, 240_000);
  afterAll(async () => {
    await repo?.remove();
  });

  it('rebuilds dev and test without B and logs closed, in one transaction, pushed', () => {
    const logBefore = repo.sha('refs/relctl/log');
    repo.ok(['request', 'close', 'B', '--reason', 'withdrawn']);
    expect(repo.firstParents('env/dev', 'main').map((commit) => commit.request)).toEqual(['D']);
    expect(repo.firstParents('env/test', 'main').map((commit) => commit.request)).toEqual(['C']);
    const added = events(repo).slice(0, 3);
    expect(added.map((event) => [event.type, (event as { env?: string }).env])).toEqual([
      ['closed', undefined],
      ['demoted', 'test'],
      ['demoted', 'dev'],
    ]);
    expect(repo.git(['rev-list', `${logBefore}..refs/relctl/log`]).split('\n')).toHaveLength(3);
    expect(repo.sharedRefs()).toBe(repo.originRefs());
    expect(repo.relctl(['doctor']).code).toBe(0);
  });
});

// A shipped and reverted; then production gets its own src/export.js: bringing A back conflicts.
describe('relctl request reship: a revert of the revert that conflicts', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    repo.ok(['request', 'new', 'A', '--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor']);
    repo.commitOn('req/A', 'Add CSV export of orders', { 'src/export.js': 'export function ordersCsv(orders) {\n  return orders.join("\\n");\n}\n' });
    repo.ok(['promote', 'A', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'A', '--to', 'prod']);
    repo.ok(['revert', 'A']);
    repo.commitOnMain('A simpler export', { 'src/export.js': 'export const ordersCsv = (orders) => orders.join(",");\n' });
  }, 240_000);
  afterAll(async () => {
    await repo?.remove();
  });

  it('is refused with exit 4, naming the path, and nothing changes', () => {
    const before = untouched(repo);
    const result = repo.relctl(['request', 'reship', 'A']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/^relctl: Nothing changed: bringing A back conflicts with later changes on main in src\/export\.js/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(untouched(repo)).toBe(before);
  });
});
