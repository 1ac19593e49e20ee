import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, GIT_TEST_ENV } from '@relctl/testing';
import { keepLog, MODE, report, saveCounts } from './support/mode.js';
import { relctlAsync, relctlSync, show, type RelctlRun } from './support/run-relctl.js';
import { allCommits, lockFiles, stableRefs, worktreeStatus } from './support/snapshot.js';
import { createTeam, makeRequest, reliabilityConfig, type Team } from './support/team.js';

/** The command every crash run interrupts. */
const PROMOTE = ['promote', 'A', 'C', '--to', 'prod'];

/** The fault points of a ref transaction (packages/git/src/refs/inject-fault.ts); the promotion moves 7 refs. */
const FAULT_POINTS = [
  'tx:after-lock',
  'tx:after-prepare',
  'tx:after-journal',
  'tx:after-worktree',
  'tx:after-packed-refs',
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `tx:after-rename:${n}`),
  'tx:before-journal-delete',
];

/**
 * Fault points of the push's own ref transaction, which moves the remote-tracking refs after
 * origin took the push: the second transaction of the promotion (`#2`), with 5 refs.
 */
const PUSH_FAULT_POINTS = ['tx:after-lock#2', 'tx:after-journal#2', 'tx:after-rename:1#2', 'tx:after-rename:3#2', 'tx:before-journal-delete#2'];

/** Fault points inside the write of one file into the object database (packages/git/src/objects/write-file-atomically.ts). */
const OBJECT_FAULT_POINTS = ['object:after-create', 'object:after-partial-write', 'object:before-rename'];

/** How many objects the promotion writes on the default (isomorphic) backend (merges, release, tag, syncs, rebuild, log). */
const OBJECT_WRITES = 25;

/**
 * Fault points inside the write of one file of the checked-out main worktree, which the ref
 * transaction brings along (packages/git/src/refs/apply-worktree-sync.ts): the promotion writes
 * 4 (CHANGELOG.md, package.json, src/A.js, src/C.js).
 */
const WORKTREE_FAULT_POINTS = ['worktree:after-create', 'worktree:after-partial-write', 'worktree:before-rename'];
const WORKTREE_WRITES = 4;
/** The same points of the index, which the transaction then writes once (isomorphic-git's `add` of those files). */
const INDEX_FAULT_POINTS = ['index:after-create#1', 'index:after-partial-write#1', 'index:before-rename#1'];

/** How one run is interrupted. */
type Kill = { kind: 'fault'; point: string } | { kind: 'delay'; ms: number } | { kind: 'step'; step: number; ms: number };

/** One planned crash run. */
interface CrashCase {
  n: number;
  kill: Kill;
  recover: 'continue' | 'undo';
}

/** Both sides of a repository's state: the clone (with its worktree) and origin. */
interface State {
  clone: string;
  origin: string;
}

/** What a set of crash runs did. */
function newCounts() {
  return { runs: 0, killed: 0, finishedFirst: 0, leftRun: 0, leftJournal: 0, recovered: 0, continued: 0, undone: 0, clean: 0, endedBefore: 0, endedAfter: 0 };
}
type Counts = ReturnType<typeof newCounts>;
const counts = newCounts();
/** The kills inside writes: object files, and the push's remote-tracking transaction. */
const writeCounts = newCounts();

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describeKill(kill: Kill): string {
  if (kill.kind === 'fault') return `RELCTL_FAULT=${kill.point}`;
  if (kill.kind === 'delay') return `SIGKILL after ${kill.ms} ms`;
  return `SIGKILL ${kill.ms} ms after progress line ${kill.step}`;
}

/**
 * Crashes: `relctl promote A C --to prod` (merge, release, tag, sync, rebuild, one ref
 * transaction, push to an HTTP origin) killed with SIGKILL at random points and at every fault
 * point of the ref transaction. After each crash `relctl doctor` must name what was left, and
 * `relctl continue` (or `undo`) must bring clone and origin to exactly the state before or exactly
 * the state an uninterrupted run gives (refs compared by trees and parents, the log by its event
 * types), with a clean worktree, no lock file left and `git fsck` clean on both sides. Then the
 * same for kills inside writes: in the middle of an object file (every object is written to a
 * temp file and renamed into place, so none may be left half written), in the middle of a file of
 * the checked-out worktree the transaction brings along (recovery must not take half a file for a
 * change made by hand), and inside the push's own transaction of the remote-tracking refs (a
 * continued push must not take its own progress for someone else's race).
 */
describe(`crash recovery (${MODE.crashRuns} interrupted production promotions)`, () => {
  let team: Team;
  let known: Set<string>;
  let before: State;
  let after: State;
  let normalMs = 0;
  let template = '';
  const seed = Number(process.env['RELCTL_RELIABILITY_SEED'] ?? Date.now() % 1_000_000);

  /** Fresh copies of the template clone and its origin, served as `<name>.git`. */
  const copy = (name: string): { clone: string; origin: string } => {
    const origin = join(team.root, 'served', `${name}.git`);
    const clone = join(team.root, 'runs', name);
    mkdirSync(join(team.root, 'runs'), { recursive: true });
    execFileSync('cp', ['-a', team.origin, origin]);
    execFileSync('cp', ['-a', template, clone]);
    git(clone, ['remote', 'set-url', 'origin', team.server.url(`${name}.git`)]);
    return { clone, origin };
  };
  const stateOf = (where: { clone: string; origin: string }): State => ({
    clone: stableRefs(where.clone, known),
    origin: stableRefs(where.origin, known),
  });

  beforeAll(async () => {
    team = await createTeam({ config: reliabilityConfig({ approved: true }) });
    template = team.seed;
    for (const id of ['A', 'B', 'C', 'D']) makeRequest(template, id, { bump: id === 'A' ? 'minor' : 'patch' });
    git(template, ['push', '-q', 'origin', 'req/A', 'req/B', 'req/C', 'req/D']);
    for (const args of [
      ['promote', 'A', 'B', 'C', 'D', '--to', 'test'],
      ['approve', 'A', '--for', 'prod'],
      ['approve', 'C', '--for', 'prod'],
    ]) {
      const run = relctlSync(template, args);
      expect(run.code, show(run, args)).toBe(0);
    }
    git(template, ['fetch', '-q', 'origin']);
    known = new Set([...allCommits(template), ...allCommits(team.origin)]);
    before = stateOf({ clone: template, origin: team.origin });
    // The uninterrupted run: the "after" state, and how long a run takes here and now.
    const reference = copy('reference');
    const run = await relctlAsync(reference.clone, PROMOTE);
    expect(run.code, show(run, PROMOTE)).toBe(0);
    expect(run.stdout).toContain('Released v1.1.0 to prod.');
    normalMs = run.ms;
    after = stateOf(reference);
    expect(after).not.toEqual(before);
    expect(worktreeStatus(reference.clone)).toBe('');
  });
  afterAll(async () => {
    const line = (tally: Counts) =>
      `runs ${tally.runs}, killed ${tally.killed} (finished before the kill ${tally.finishedFirst}); ` +
      `left an unfinished run ${tally.leftRun}, an interrupted transaction ${tally.leftJournal}; recovered to before/after ${tally.recovered} ` +
      `(continue ${tally.continued}, undo ${tally.undone}, nothing to recover ${tally.clean}); ended in the before state ${tally.endedBefore}, in the after state ${tally.endedAfter}`;
    report(`crash: seed ${seed}, normal run ${normalMs} ms; ${line(counts)}`);
    report(`crash inside writes: seed ${seed}; ${line(writeCounts)}`);
    saveCounts('crash', { ...counts, seed });
    saveCounts('crash-writes', { ...writeCounts, seed });
    await team?.close();
  });

  it('every interrupted promotion is recovered to exactly the before or the after state', async () => {
    const next = random(seed);
    const cases: CrashCase[] = [];
    for (let n = 0; n < MODE.crashRuns; n += 1) {
      let kill: Kill;
      if (n < FAULT_POINTS.length * (MODE.name === 'long' ? 2 : 1)) kill = { kind: 'fault', point: FAULT_POINTS[n % FAULT_POINTS.length] as string };
      else if (n % 3 === 0) kill = { kind: 'step', step: 1 + Math.floor(next() * 16), ms: Math.floor(next() * 300) };
      else kill = { kind: 'delay', ms: Math.floor(next() * normalMs) };
      cases.push({ n, kill, recover: n % 4 === 3 ? 'undo' : 'continue' });
    }
    expect(await runCases(cases, counts)).toEqual([]);
  });

  it("every promotion killed inside a write (an object file, a worktree file, the push's tracking transaction) is recovered too", async () => {
    // Numbered from 1000 (their own random sequence), so the cases above keep their numbers and kills.
    const next = random(seed + 1);
    // Each point of the push's transaction with continue; in long mode with undo too.
    const cases: CrashCase[] = PUSH_FAULT_POINTS.flatMap((point, i) => [
      { n: 1000 + 2 * i, kill: { kind: 'fault', point }, recover: 'continue' } satisfies CrashCase,
      ...(MODE.name === 'long' ? [{ n: 1001 + 2 * i, kill: { kind: 'fault', point }, recover: 'undo' } satisfies CrashCase] : []),
    ]);
    // Killed with a merged tree's file in place but not yet everything below it (issue 16): the
    // continued merge must not take that tree for complete ("object … is not in this repository").
    cases.push({ n: 1300, kill: { kind: 'fault', point: 'object:before-rename#3' }, recover: 'continue' });
    for (let i = 0; i < MODE.objectKills; i += 1) {
      const point = OBJECT_FAULT_POINTS[Math.floor(next() * OBJECT_FAULT_POINTS.length)] as string;
      const nth = 1 + Math.floor(next() * OBJECT_WRITES);
      cases.push({ n: 1100 + i, kill: { kind: 'fault', point: `${point}#${nth}` }, recover: 'continue' });
    }
    // Every point of every worktree file and of the index in long mode; half way through the first
    // and the last file and through the index in quick mode.
    const worktreeKills = [...WORKTREE_FAULT_POINTS.flatMap((point) => Array.from({ length: WORKTREE_WRITES }, (_, i) => `${point}#${i + 1}`)), ...INDEX_FAULT_POINTS];
    const chosen = MODE.name === 'long' ? worktreeKills : ['worktree:after-partial-write#1', `worktree:after-partial-write#${WORKTREE_WRITES}`, 'index:after-partial-write#1'];
    for (const [i, point] of worktreeKills.entries()) {
      if (chosen.includes(point)) cases.push({ n: 1200 + i, kill: { kind: 'fault', point }, recover: 'continue' });
    }
    expect(await runCases(cases, writeCounts)).toEqual([]);
  });

  /** Run `cases` (those `RELCTL_RELIABILITY_CASES` names, when set) two at a time; returns the problems. */
  async function runCases(cases: CrashCase[], tally: Counts): Promise<string[]> {
    const problems: string[] = [];
    const queue = cases.filter((item) => MODE.cases === null || MODE.cases.has(item.n));
    const worker = async (): Promise<void> => {
      for (let item = queue.shift(); item; item = queue.shift()) problems.push(...(await crashOnce(item, tally)));
    };
    await Promise.all([worker(), worker()]);
    return problems;
  }

  /** One run: copy, interrupt, diagnose, recover, compare. Returns what went wrong. */
  async function crashOnce(item: CrashCase, counts: Counts): Promise<string[]> {
    const where = copy(`crash-${item.n}`);
    const { kill } = item;
    const progress = (stdout: string) => (kill.kind === 'step' ? new RegExp(`^ {2}${kill.step}/\\d+ `, 'm').test(stdout) : false);
    const run = await relctlAsync(where.clone, PROMOTE, {
      ...(kill.kind === 'fault' ? { env: { RELCTL_FAULT: kill.point } } : {}),
      ...(kill.kind === 'delay' ? { killAfterMs: kill.ms } : {}),
      ...(kill.kind === 'step' ? { killWhen: progress, killDelayMs: kill.ms } : {}),
    });
    counts.runs += 1;
    const log: string[] = [`case ${item.n}: ${describeKill(kill)}, recover with ${item.recover}`, show(run, PROMOTE)];
    const problems: string[] = [];
    if (run.signal === 'SIGKILL') counts.killed += 1;
    else {
      counts.finishedFirst += 1;
      if (run.code !== 0) problems.push(`exited ${run.code} without being killed`);
    }

    const relctlDir = join(where.clone, '.git', 'relctl');
    const journalDir = join(relctlDir, 'journal');
    const leftRun = existsSync(join(relctlDir, 'run.json'));
    const leftJournal = existsSync(journalDir) && readdirSync(journalDir).some((name) => name.endsWith('.json'));
    if (leftRun) counts.leftRun += 1;
    if (leftJournal) counts.leftJournal += 1;
    if (leftRun || leftJournal) {
      const doctor = relctlSync(where.clone, ['doctor']);
      log.push(show(doctor, ['doctor']));
      if (leftRun && !/run state: "relctl promote A C --to prod" stopped at step \d+ of \d+/.test(doctor.stdout)) problems.push('doctor does not name the unfinished run');
      if (leftJournal && !/\d+ interrupted ref transaction/.test(doctor.stdout)) problems.push('doctor does not name the interrupted ref transaction');
      if (doctor.code !== 2) problems.push(`doctor exited ${doctor.code}, want 2 (problems found)`);
    }

    let recovered: RelctlRun | null = null;
    if (leftRun || leftJournal) {
      recovered = relctlSync(where.clone, [item.recover]);
      log.push(show(recovered, [item.recover]));
      // Killed after its push reached origin: the release is published, and undo refuses it
      // (published production history only moves forward, issue 16); continue finishes it.
      if (item.recover === 'undo' && recovered.code === 2 && /only moves forward/.test(recovered.stderr)) {
        recovered = relctlSync(where.clone, ['continue']);
        log.push(show(recovered, ['continue']));
      }
      if (recovered.code !== 0) problems.push(`relctl ${item.recover} exited ${recovered.code}: ${recovered.stderr.trim().split('\n')[0] ?? ''}`);
      if (item.recover === 'continue') counts.continued += 1;
      else counts.undone += 1;
    }

    const now = stateOf(where);
    const undoneLog = (text: string): string => text.replace(/(refs\/(remotes\/origin\/)?relctl\/log) = \[.*\]$/gm, '$1 = [log]');
    const logOf = (text: string): string[] => [...text.matchAll(/relctl\/log = \[(.*)\]$/gm)].map((match) => match[1] ?? '');
    const same = (a: State, b: State) => a.clone === b.clone && a.origin === b.origin;
    let ok = same(now, before) || same(now, after);
    let ended: 'before' | 'after' | null = same(now, before) ? 'before' : same(now, after) ? 'after' : null;
    if (!ok && recovered && item.recover === 'undo') {
      // undo puts every ref back but keeps the log append-only: the run's events (if they were
      // written) stay, and one "undone" event follows.
      const refsBack = undoneLog(now.clone) === undoneLog(before.clone) && undoneLog(now.origin) === undoneLog(before.origin);
      const logs = logOf(now.clone);
      const allowed = [logOf(before.clone)[0], logOf(after.clone)[0]].map((events) => `${events} | undone - `);
      ok = refsBack && logs.length > 0 && logs.every((events) => allowed.includes(events) || logOf(before.clone).includes(events));
      if (ok) ended = 'before';
    }
    if (!ok) {
      problems.push('state is neither the before nor the after state');
      log.push(`--- now (clone) ---\n${now.clone}\n--- now (origin) ---\n${now.origin}`);
      log.push(`--- before (clone) ---\n${before.clone}\n--- before (origin) ---\n${before.origin}`);
      log.push(`--- after (clone) ---\n${after.clone}\n--- after (origin) ---\n${after.origin}`);
    }
    const locks = [...lockFiles(join(where.clone, '.git')), ...lockFiles(where.origin).map((path) => `origin:${path}`)];
    if (locks.length > 0) problems.push(`lock files left: ${locks.join(', ')}`);
    const status = worktreeStatus(where.clone);
    if (status !== '') problems.push(`worktree not clean: ${status.split('\n').slice(0, 3).join('; ')}`);
    if (existsSync(join(relctlDir, 'run.json'))) problems.push('an unfinished run is still recorded');
    if (existsSync(journalDir) && readdirSync(journalDir).some((name) => name.endsWith('.json'))) problems.push('a transaction journal is still there');
    for (const [side, dir] of [
      ['clone', where.clone],
      ['origin', where.origin],
    ] as const) {
      // Quiet and 0, or it found something: a damaged or missing object, a broken link.
      const fsck = spawnSync('git', ['fsck', '--no-progress', '--no-dangling'], { cwd: dir, env: { ...process.env, ...GIT_TEST_ENV }, encoding: 'utf8' });
      const said = `${fsck.stderr}${fsck.stdout}`.trim();
      if (fsck.status !== 0 || said !== '') problems.push(`git fsck (${side}) exited ${fsck.status}: ${said.split('\n').slice(0, 3).join('; ')}`);
    }

    if (problems.length === 0) {
      counts.recovered += 1;
      if (!recovered) counts.clean += 1;
      if (ended === 'before') counts.endedBefore += 1;
      else if (ended === 'after') counts.endedAfter += 1;
      return [];
    }
    const path = keepLog(`crash-${seed}-${item.n}`, [`problems: ${problems.join('; ')}`, ...log].join('\n\n'));
    return [`case ${item.n} (${describeKill(kill)}, ${item.recover}): ${problems.join('; ')} [${path}]`];
  }
});
