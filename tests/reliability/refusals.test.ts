import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAuditEvent } from '@relctl/core';
import { git, gitResult } from '@relctl/testing';
import { eventLine, readEvents } from './support/audit.js';
import { report, saveCounts } from './support/mode.js';
import { relctlSync, show, type RelctlRun } from './support/run-relctl.js';
import { worktreeStatus } from './support/snapshot.js';
import { createTeam, makeRequest, reliabilityConfig, type Team } from './support/team.js';

/** A push URL nothing answers at: fetches still work, every push fails mid-run. */
const DEAD = 'http://127.0.0.1:9/nothing.git';
/** The shop's config with a deploy for test (a command that does nothing), so `deploy test` runs. */
const CONFIG = reliabilityConfig({ approved: true }).replace('    branch: env/test\n', '    branch: env/test\n    deploy:\n      strategy: command\n      command: "true"\n');

/** Refs relctl manages (not remote-tracking refs, which any fetch updates), HEAD, the log's events and `git status`. */
function snapshot(dir: string): string {
  const refs = gitResult(dir, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/relctl'], { allowFailure: true }).stdout;
  const head = gitResult(dir, ['rev-parse', 'HEAD'], { allowFailure: true }).stdout;
  const log = readEvents(dir)
    .map((event) => `${event.id} ${eventLine(event)}`)
    .join('\n');
  let status = '(bare)';
  try {
    status = worktreeStatus(dir);
  } catch {
    // the bare origin has no worktree
  }
  return `refs:\n${refs}\nHEAD ${head}\nlog:\n${log}\nstatus:\n${status}`;
}

/** The error lines of a run (notes left out). */
const errorLines = (run: RelctlRun): string[] => run.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('note: '));

/**
 * Issue 16, "refusals and undo must not write": with a run left unfinished by a push that failed,
 * every other writing command is refused (exit 2) with nothing changed here or on origin, and
 * undo still works; a failed undo appends nothing; a published production release is not undone.
 * On both git backends.
 */
describe.each(['isomorphic', 'system'] as const)('refusals change nothing (%s backend)', (backend) => {
  const counts = { refusals: 0, unchanged: 0 };
  let team: Team;
  let clone = '';
  const env = { RELCTL_GIT_BACKEND: backend };
  const run = (args: string[]): RelctlRun => relctlSync(clone, args, env);
  const ok = (args: string[]): RelctlRun => {
    const result = run(args);
    expect(result.code, show(result, args)).toBe(0);
    return result;
  };

  beforeAll(async () => {
    team = await createTeam({ config: CONFIG });
    clone = team.seed;
    for (const id of ['A', 'B', 'C']) makeRequest(clone, id);
    git(clone, ['push', '-q', 'origin', 'req/A', 'req/B', 'req/C']);
    ok(['promote', 'A', 'B', '--to', 'test']);
    ok(['approve', 'A', '--for', 'prod']);
  });
  afterAll(async () => {
    report(`refusals (${backend}): ${counts.refusals} refused while a run was unfinished or an undo failed, ${counts.unchanged} with nothing changed`);
    saveCounts(`refusals-${backend}`, counts);
    await team?.close();
  });

  it('a promotion whose push fails exits 2 with the cause and "relctl continue", and keeps its run', () => {
    const before = snapshot(team.origin);
    git(clone, ['remote', 'set-url', '--push', 'origin', DEAD]);
    const result = run(['promote', 'A', '--to', 'prod']);
    git(clone, ['config', '--unset', 'remote.origin.pushurl']);
    expect(result.code, show(result)).toBe(2);
    expect(errorLines(result), show(result)).toHaveLength(1);
    expect(errorLines(result)[0]).toMatch(/^relctl: .*(ECONNREFUSED|connect).*relctl continue/);
    expect(snapshot(team.origin)).toBe(before);
    expect(git(clone, ['rev-parse', 'main'])).not.toBe(git(team.origin, ['rev-parse', 'main']));
  });

  it.each([['promote C --to test'], ['request new D'], ['approve B --for prod'], ['sync'], ['deploy test']])(
    'while it is unfinished, "%s" is refused (exit 2) with nothing changed here or on origin',
    (line) => {
      const words = line.split(' ');
      const here = snapshot(clone);
      const there = snapshot(team.origin);
      const result = run(words);
      counts.refusals += 1;
      expect(result.code, show(result, words)).toBe(2);
      expect(errorLines(result)[0], show(result, words)).toMatch(/^relctl: .*unfinished/);
      expect(snapshot(clone)).toBe(here);
      expect(snapshot(team.origin)).toBe(there);
      counts.unchanged += 1;
    },
  );

  it('undo then takes the unfinished promotion back (nothing of it was published)', () => {
    const origin = git(team.origin, ['rev-parse', 'main', 'env/test']);
    const result = ok(['undo']);
    expect(result.stdout).toContain('Undid "relctl promote A --to prod"');
    expect(git(clone, ['rev-parse', 'main', 'env/test'])).toBe(origin);
    expect(git(team.origin, ['rev-parse', 'main', 'env/test'])).toBe(origin);
    expect(gitResult(clone, ['rev-parse', '--verify', '-q', 'refs/tags/v1.0.1'], { allowFailure: true }).status).not.toBe(0);
    expect(git(team.origin, ['rev-parse', 'refs/relctl/log'])).toBe(git(clone, ['rev-parse', 'refs/relctl/log']));
  });

  it('an undo whose push fails appends nothing and changes nothing; with the local log ahead of origin it then works', () => {
    const undone = (dir: string): number => readEvents(dir).filter((event) => event.type === 'undone').length;
    const undoneBefore = undone(team.origin);
    ok(['promote', 'C', '--to', 'test']);
    // An event only this clone has (as a deploy whose last push failed leaves it, for the next push to publish).
    const tip = git(clone, ['rev-parse', 'refs/relctl/log']);
    const message = encodeAuditEvent({
      type: 'approved',
      at: Date.now(),
      actor: 'Test Author <author@example.com>',
      env: 'prod',
      requestIds: ['C'],
      data: { sha: git(clone, ['rev-parse', 'req/C']) },
    });
    const tree = git(clone, ['hash-object', '-t', 'tree', '-w', '--stdin'], { input: '' });
    git(clone, ['update-ref', 'refs/relctl/log', git(clone, ['commit-tree', tree, '-p', tip, '-m', message]), tip]);
    expect(git(clone, ['rev-parse', 'refs/relctl/log'])).not.toBe(git(team.origin, ['rev-parse', 'refs/relctl/log']));

    git(clone, ['remote', 'set-url', '--push', 'origin', DEAD]);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const here = snapshot(clone);
      const there = snapshot(team.origin);
      const failed = run(['undo']);
      counts.refusals += 1;
      expect(failed.code, show(failed)).toBe(2);
      expect(errorLines(failed)[0], show(failed)).toMatch(/^relctl: .*nothing changed.*relctl undo/);
      expect(snapshot(clone)).toBe(here);
      expect(snapshot(team.origin)).toBe(there);
      counts.unchanged += 1;
    }
    git(clone, ['config', '--unset', 'remote.origin.pushurl']);

    const envBefore = git(team.origin, ['rev-parse', 'env/test']);
    const result = ok(['undo']);
    expect(result.stdout).toContain('Undid "relctl promote C --to test"');
    expect(git(team.origin, ['rev-parse', 'env/test'])).not.toBe(envBefore);
    expect(git(team.origin, ['rev-parse', 'env/test'])).toBe(git(clone, ['rev-parse', 'env/test']));
    expect(git(team.origin, ['rev-parse', 'refs/relctl/log'])).toBe(git(clone, ['rev-parse', 'refs/relctl/log']));
    expect(undone(team.origin)).toBe(undoneBefore + 1); // the failed tries appended nothing
    expect(undone(clone)).toBe(undoneBefore + 1);
  });

  it('undo of a production release origin already holds is refused, pointing at revert, with nothing changed', () => {
    ok(['promote', 'A', '--to', 'prod']);
    ok(['deploy', 'test']);
    const here = snapshot(clone);
    const there = snapshot(team.origin);
    for (const args of [['undo', '--dry-run'], ['undo']]) {
      const result = run(args);
      counts.refusals += 1;
      expect(result.code, show(result, args)).toBe(2);
      expect(errorLines(result), show(result, args)).toHaveLength(1);
      expect(errorLines(result)[0]).toMatch(/^relctl: .*only moves forward.*relctl revert A/);
      expect(snapshot(clone)).toBe(here);
      expect(snapshot(team.origin)).toBe(there);
      counts.unchanged += 1;
    }
  });
});
