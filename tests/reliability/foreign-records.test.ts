import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { git, GIT_TEST_ENV } from '@relctl/testing';
import { report, saveCounts } from './support/mode.js';
import { relctlSync, show, type RelctlRun } from './support/run-relctl.js';
import { createTeam, isAncestor, makeRequest, readRef, type Team } from './support/team.js';

/**
 * Records that someone else wrote: a commit on `refs/relctl/log` that is not a relctl event, and
 * environment branches force-pushed behind relctl's back. relctl reads past the first (with a
 * warning naming it, and `doctor` saying how to repair it), takes the repaired log when origin's
 * is fixed, rebuilds an integration branch from what the log says it holds, and never publishes
 * again production commits that were removed from origin without an explicit, logged decision.
 */

/**
 * The repair script of docs/guide/faq.md ("A commit on refs/relctl/log is not a relctl event"),
 * read from the page: rewrite the commits after the bad one on top of its parent and force-push.
 */
const REPAIR = faqRepairScript();

function faqRepairScript(): string {
  const faq = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'guide', 'faq.md'), 'utf8');
  const script = /```sh\n(#!\/usr\/bin\/env bash\n# Take one commit out of origin's refs\/relctl\/log[\s\S]*?)```/.exec(faq)?.[1];
  if (!script) throw new Error('docs/guide/faq.md has no repair script');
  return script;
}

const MALFORMED = [
  { name: 'invalid JSON', message: 'relctl: promoted X -> test\n\nRelctl-Event: {"v":1,"type":"promoted",\n' },
  { name: 'an unknown version', message: 'relctl: promoted X -> test\n\nRelctl-Event: {"v":2,"type":"promoted"}\n' },
  { name: 'a missing trailer', message: 'Note from a teammate: release went fine\n' },
  { name: 'a non-list field', message: 'relctl: promoted X -> test\n\nRelctl-Event: {"v":1,"type":"promoted","env":"test","requestIds":"X"}\n' },
];

const counts = { malformedTried: 0, malformedHandled: 0, forcedTried: 0, forcedHandled: 0 };

afterAll(() => {
  report(
    `records: malformed log commits tried ${counts.malformedTried}, handled ${counts.malformedHandled}; forced pushes tried ${counts.forcedTried}, handled ${counts.forcedHandled}`,
  );
  saveCounts('records', counts);
});

function run(cwd: string, args: string[]): RelctlRun {
  return relctlSync(cwd, args);
}

function expectOk(result: RelctlRun, args: string[]): void {
  expect(result.code, show(result, args)).toBe(0);
}

/** Write `message` as a log commit (the empty tree) on top of `parent`. */
function logCommit(dir: string, parent: string, message: string, date = '2026-01-02T00:00:00Z'): string {
  const empty = git(dir, ['hash-object', '-t', 'tree', '-w', '--stdin'], { input: '' });
  return git(dir, ['commit-tree', empty, '-p', parent, '-F', '-'], { input: message, env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
}

/** Origin's audit log tip, fetched into `dir`. */
function originLog(dir: string): string {
  git(dir, ['fetch', '-q', 'origin', 'refs/relctl/log']);
  return git(dir, ['rev-parse', 'FETCH_HEAD']);
}

/** The warning lines of a run that name `commit`. */
function warningsAbout(result: RelctlRun, commit: string): string[] {
  return result.stderr.split('\n').filter((line) => line.includes(commit.slice(0, 12)));
}

describe('a malformed commit on the shared audit log', () => {
  let team: Team;
  afterAll(async () => team?.close());

  it.each(MALFORMED.map((kind, index) => ({ ...kind, index })))(
    '$name: read past with a warning, reported by doctor, healed in every clone when origin is repaired',
    async ({ message, index }) => {
      counts.malformedTried += 1;
      team ??= await createTeam();
      const { seed } = team;
      const ids = ['A', 'B', 'C', 'D'].map((letter) => `${letter}${index}`);
      for (const id of ids) makeRequest(seed, id);
      git(seed, ['push', '-q', 'origin', ...ids.map((id) => `req/${id}`)]);
      expectOk(run(seed, ['promote', ids[0]!, '--to', 'test']), ['promote']);
      const amy = team.clone(`amy${index}`);
      expectOk(run(amy, ['status']), ['status']);

      // Someone appends a commit that is not a relctl event to origin's log; relctl writes after it.
      const bad = logCommit(seed, originLog(seed), message);
      git(seed, ['push', '-q', 'origin', `${bad}:refs/relctl/log`]);
      const after = run(seed, ['promote', ids[1]!, '--to', 'test']);
      expectOk(after, ['promote', ids[1]!]);

      for (const args of [['status'], ['log'], ['log', '--json']]) {
        const result = run(amy, args);
        expectOk(result, args);
        expect(warningsAbout(result, bad), show(result, args)).toHaveLength(1);
        expect(warningsAbout(result, bad)[0]).toMatch(
          /^warning: audit log commit [0-9a-f]{12} is not a relctl event \(.+\); left out\. "relctl doctor" says how to repair the log\.$/,
        );
      }
      const doctor = run(amy, ['doctor']);
      expect(doctor.stdout, show(doctor, ['doctor'])).toMatch(
        new RegExp(`FAIL audit log records: 1 commit\\(s\\) on refs/relctl/log are not relctl events.*${bad.slice(0, 12)}.*force-push refs/relctl/log to origin`),
      );
      expect(doctor.stdout).not.toContain('setup:');

      // Amy writes on the poisoned log (her log now holds the bad commit), then records an event she has not pushed.
      expectOk(run(amy, ['promote', ids[2]!, '--to', 'test']), ['promote', ids[2]!]);
      const unpublished = logCommit(
        amy,
        git(amy, ['rev-parse', 'refs/relctl/log']),
        `relctl: approved Z${index}\n\nRelctl-Event: {"v":1,"type":"approved","requestIds":["Z${index}"],"env":"prod"}\n`,
      );
      git(amy, ['update-ref', 'refs/relctl/log', unpublished]);

      // The repair, from the seed clone, as the FAQ shows it.
      const repair = spawnSync('bash', ['-c', REPAIR, 'repair-relctl-log.sh', bad], { cwd: seed, env: { ...process.env, ...GIT_TEST_ENV }, encoding: 'utf8' });
      expect(repair.status, repair.stderr).toBe(0);
      expect(isAncestor(seed, bad, originLog(seed))).toBe(false);

      const status = run(amy, ['status']);
      expectOk(status, ['status']);
      expect(warningsAbout(status, bad), show(status, ['status'])).toEqual([]);
      const log = run(amy, ['log', '--json']);
      expect(log.stdout).toContain(`"Z${index}"`);
      expect(run(amy, ['doctor']).stdout).toContain('ok   audit log records');

      // Amy's next write publishes her event and not the bad commit; the seed clone heals as well.
      const write = run(amy, ['promote', ids[3]!, '--to', 'test']);
      expectOk(write, ['promote', ids[3]!]);
      expect(warningsAbout(write, bad)).toEqual([]);
      const healed = originLog(amy);
      expect(isAncestor(amy, bad, healed)).toBe(false);
      expect(git(amy, ['log', '--format=%B', healed])).toContain(`"requestIds":["Z${index}"]`);
      const seedStatus = run(seed, ['status']);
      expect(warningsAbout(seedStatus, bad), show(seedStatus, ['status'])).toEqual([]);
      counts.malformedHandled += 1;
    },
  );
});

describe('environment branches force-pushed behind relctl', () => {
  it('env/test forced back to an older commit: the next promotion rebuilds it with what the log says it holds', async () => {
    counts.forcedTried += 1;
    const team = await createTeam();
    try {
      const { seed } = team;
      const heads = Object.fromEntries(['A', 'B', 'C'].map((id) => [id, makeRequest(seed, id)]));
      git(seed, ['push', '-q', 'origin', 'req/A', 'req/B', 'req/C']);
      expectOk(run(seed, ['promote', 'A', '--to', 'test']), ['promote A']);
      const old = readRef(seed, 'refs/heads/env/test')!;
      expectOk(run(seed, ['promote', 'B', '--to', 'test']), ['promote B']);
      git(seed, ['push', '-q', '-f', 'origin', `${old}:env/test`]);

      const fresh = team.clone('fresh');
      const doctor = run(fresh, ['doctor']);
      expect(doctor.stdout, show(doctor, ['doctor'])).toMatch(/FAIL env\/test holds what the log says: .*lacks B/);

      const again = run(seed, ['promote', 'B', '--to', 'test']);
      expectOk(again, ['promote B again']);
      const tip = team.originGit(['rev-parse', 'env/test']);
      expect(isAncestor(team.origin, heads['B']!, tip), show(again)).toBe(true);
      expect(isAncestor(team.origin, heads['A']!, tip)).toBe(true);

      // Forced back again; a clone that never saw B on test keeps it when it promotes C.
      git(seed, ['push', '-q', '-f', 'origin', `${old}:env/test`]);
      const other = team.clone('other');
      const promoteC = run(other, ['promote', 'C', '--to', 'test']);
      expectOk(promoteC, ['promote C']);
      const after = team.originGit(['rev-parse', 'env/test']);
      for (const id of ['A', 'B', 'C']) expect(isAncestor(team.origin, heads[id]!, after), `${id}\n${show(promoteC)}`).toBe(true);
      expect(run(other, ['doctor']).stdout).toMatch(/ok {3}env\/test holds what the log says/);
      counts.forcedHandled += 1;
    } finally {
      await team.close();
    }
  });

  it('main forced back to an older commit: a production promotion refuses to publish the removed commits again unless told to, and logs that decision', async () => {
    counts.forcedTried += 1;
    const team = await createTeam();
    try {
      const { seed } = team;
      makeRequest(seed, 'A');
      const headB = makeRequest(seed, 'B');
      git(seed, ['push', '-q', 'origin', 'req/A', 'req/B']);
      const before = readRef(seed, 'refs/heads/main')!;
      expectOk(run(seed, ['promote', 'A', '--to', 'test']), ['promote A test']);
      expectOk(run(seed, ['promote', 'A', '--to', 'prod']), ['promote A prod']);
      const released = team.originGit(['rev-parse', 'main']);
      expect(released).not.toBe(before);
      // Someone moves origin's main back behind relctl's back.
      git(seed, ['push', '-q', '-f', 'origin', `${before}:main`]);
      expectOk(run(seed, ['promote', 'B', '--to', 'test']), ['promote B test']);

      const refused = run(seed, ['promote', 'B', '--to', 'prod']);
      expect(refused.code, show(refused)).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`relctl: .*origin's main no longer holds .*${released.slice(0, 7)}.*--republish`));
      expect(team.originGit(['rev-parse', 'main'])).toBe(before);

      const doctor = run(team.clone('fresh'), ['doctor']);
      expect(doctor.stdout, show(doctor, ['doctor'])).toMatch(new RegExp(`FAIL main holds what the log says: .*${released.slice(0, 7)}`));

      const republished = run(seed, ['promote', 'B', '--to', 'prod', '--republish']);
      expectOk(republished, ['promote B prod --republish']);
      const main = team.originGit(['rev-parse', 'main']);
      expect(isAncestor(team.origin, released, main)).toBe(true);
      expect(isAncestor(team.origin, headB, main)).toBe(true);
      expect(git(seed, ['log', '--format=%B', originLog(seed)])).toMatch(/"type":"overridden".*"rule":"republish"/);
      counts.forcedHandled += 1;
    } finally {
      await team.close();
    }
  });
});
