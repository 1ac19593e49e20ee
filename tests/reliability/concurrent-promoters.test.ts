import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '@relctl/testing';
import { eventLine, readEvents } from './support/audit.js';
import { keepLog, LONG, MODE, report, saveCounts } from './support/mode.js';
import { relctlAsync, relctlSync, show, type RelctlRun } from './support/run-relctl.js';
import { createTeam, isAncestor, makeRequest, readRef, type Team } from './support/team.js';

/** One promoter process of a round. */
interface Promoter {
  clone: string;
  actor: string;
  id: string;
  to: 'prod' | 'test';
  run?: RelctlRun;
}

/** How many times a run lost a push race and tried again (its "origin moved; retrying in …" notes). */
function retriesOf(run: RelctlRun | undefined): number {
  return (run?.stderr.match(/retrying in|planning again/g) ?? []).length;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/**
 * relctl's retry budget for the promoters (`RELCTL_RETRY_SECONDS`): `RELCTL_RELIABILITY_RETRY_SECONDS`
 * when set; else, in long mode, the largest (an hour) — the budget is wall time, and on a shared
 * 2-core machine one attempt of 8+2 promoters takes 40-160 s, not the second or two it takes on a
 * developer's machine, so the default's 120 s would test the machine, not relctl; the report
 * records the longest run and how many outlasted the default; quick mode keeps the default.
 */
const RETRY_SECONDS = process.env['RELCTL_RELIABILITY_RETRY_SECONDS'] ?? (LONG ? '3600' : '');

/** What the whole test counted, for the report. */
const counts = { rounds: 0, attempted: 0, landed: 0, exit5: 0, lostForGood: 0, failed: 0, attempts: 0, testAttempted: 0, testLanded: 0, longestMs: 0, overDefaultBudget: 0 };

/**
 * Concurrent promoters: one origin served over HTTP, N clones each promoting a different request
 * to prod at the same moment, plus M clones promoting other requests to test. relctl retries lost
 * push races within a time budget (exit 5 after that). Whatever lands, origin must be
 * consistent: every success is in main (or env/test) and logged exactly once; a loser changed
 * nothing; env/test is a valid rebuild of main. In long mode (8+2 promoters) every promotion must
 * land on relctl's own retries: a single exit 5 fails the round (quick mode counts them).
 */
describe(`concurrent promoters (${MODE.prodPromoters} to prod + ${MODE.testPromoters} to test, ${MODE.rounds} rounds)`, () => {
  let team: Team;
  const prodClones: string[] = [];
  const testClones: string[] = [];
  /** Requests on test and not shipped, as origin should have them after each round. */
  const inTest = new Set<string>();

  beforeAll(async () => {
    team = await createTeam();
    for (let i = 0; i < MODE.prodPromoters; i += 1) prodClones.push(team.clone(`prod-${i}`));
    for (let i = 0; i < MODE.testPromoters; i += 1) testClones.push(team.clone(`test-${i}`));
  });
  afterAll(async () => {
    report(
      `concurrent: ${counts.rounds} round(s); prod promotions attempted ${counts.attempted}, landed ${counts.landed}, lost for good ${counts.lostForGood} ` +
        `(runs that lost all of relctl's own attempts, exit 5, and were run again: ${counts.exit5}), failed otherwise ${counts.failed}; ` +
        `push attempts ${counts.attempts}; test promotions attempted ${counts.testAttempted}, landed ${counts.testLanded}; ` +
        `retry budget ${RETRY_SECONDS ? `${RETRY_SECONDS} s` : 'the default (120 s)'}, longest run ${counts.longestMs} ms, runs longer than the default 120 s ${counts.overDefaultBudget}`,
    );
    saveCounts('concurrent', { ...counts, prodPromoters: MODE.prodPromoters, testPromoters: MODE.testPromoters });
    await team?.close();
  });

  for (let round = 1; round <= MODE.rounds; round += 1) {
    it(`round ${round}: every promotion lands, every reported success is on origin exactly once, losers changed nothing`, async () => {
      // Backends alternate: odd rounds the default for an HTTP remote (isomorphic-git), even rounds the system git.
      const backend = process.env['RELCTL_RELIABILITY_BACKEND'] ?? (round % 2 === 0 ? 'system' : '');
      const { seed } = team;
      git(seed, ['pull', '-q', '--ff-only', 'origin', 'main']);
      git(seed, ['fetch', '-q', 'origin']);
      const prodIds = prodClones.map((_, i) => `P${round}x${i}`);
      const testIds = testClones.map((_, i) => `T${round}x${i}`);
      for (const id of [...prodIds, ...testIds]) makeRequest(seed, id, { base: 'origin/main' });
      git(seed, ['push', '-q', 'origin', ...[...prodIds, ...testIds].map((id) => `req/${id}`)]);
      const setup = relctlSync(seed, ['promote', ...prodIds, '--to', 'test']);
      expect(setup.code, show(setup)).toBe(0);
      for (const id of prodIds) inTest.add(id);

      const promoters: Promoter[] = [
        ...prodClones.map((clone, i) => ({ clone, actor: `prod-${i}`, id: prodIds[i] as string, to: 'prod' as const })),
        ...testClones.map((clone, i) => ({ clone, actor: `test-${i}`, id: testIds[i] as string, to: 'test' as const })),
      ];
      const problems: string[] = [];
      const outputs: string[] = [];
      let mainAfter = team.originGit(['rev-parse', 'main']);
      // Wave 1: everyone at once. A promoter that lost every one of relctl's own attempts (exit 5,
      // nothing changed) is run again in the next wave, as a CI job would be; each wave lands at
      // least one, so every promotion must have landed after as many waves as there are promoters.
      let wave = promoters;
      for (let waveNo = 1; wave.length > 0; waveNo += 1) {
        if (waveNo > promoters.length) {
          problems.push(`still not landed after ${promoters.length} waves: ${wave.map((promoter) => promoter.id).join(', ')}`);
          counts.lostForGood += wave.filter((promoter) => promoter.to === 'prod').length;
          break;
        }
        const mainBefore = team.originGit(['rev-parse', 'main']);
        const eventsBefore = readEvents(team.origin).length;
        await Promise.all(
          wave.map(async (promoter) => {
            promoter.run = await relctlAsync(promoter.clone, ['promote', promoter.id, '--to', promoter.to], {
              env: {
                GIT_AUTHOR_NAME: promoter.actor,
                GIT_AUTHOR_EMAIL: `${promoter.actor}@example.com`,
                GIT_COMMITTER_NAME: promoter.actor,
                GIT_COMMITTER_EMAIL: `${promoter.actor}@example.com`,
                RELCTL_GIT_BACKEND: backend,
                RELCTL_RETRY_SECONDS: RETRY_SECONDS,
              },
            });
          }),
        );
        mainAfter = team.originGit(['rev-parse', 'main']);
        const events = readEvents(team.origin);
        const fresh = events.slice(eventsBefore);
        report(
          `round ${round} wave ${waveNo} (${backend || 'auto'} backend): ` +
            wave.map((promoter) => `${promoter.actor}→${promoter.to}: exit ${promoter.run?.code} (${promoter.run?.ms} ms, ${retriesOf(promoter.run)} retries)`).join('; '),
        );
        outputs.push(
          ...wave.map((promoter) => `### wave ${waveNo}, ${promoter.actor}: ${show(promoter.run as RelctlRun, ['promote', promoter.id, '--to', promoter.to])}`),
          `### origin events of wave ${waveNo}\n${fresh.map((event) => `${event.actor} ${eventLine(event)}`).join('\n')}`,
        );
        for (const promoter of wave) {
          const run = promoter.run as RelctlRun;
          counts.attempts += 1 + retriesOf(run);
          counts.longestMs = Math.max(counts.longestMs, run.ms);
          if (run.ms > 120_000) counts.overDefaultBudget += 1;
          if (waveNo === 1 && promoter.to === 'prod') counts.attempted += 1;
          else if (waveNo === 1) counts.testAttempted += 1;
          if (run.code !== 0 && run.code !== 5) problems.push(`${promoter.actor}: exit ${run.code}, want 0 or 5: ${lastLine(run.stderr)}`);
          const mine = fresh.filter((event) => event.actor.startsWith(`${promoter.actor} <`));
          const requestHead = readRef(team.origin, `refs/heads/req/${promoter.id}`) as string;
          if (run.code === 0) {
            if (promoter.to === 'prod') {
              counts.landed += 1;
              inTest.delete(promoter.id);
              // Its merge (with the trailer) is on origin's main, and the request's head is in main.
              const merges = git(team.origin, ['log', '--first-parent', '--format=%(trailers:key=Relctl-Request,valueonly)', `${mainBefore}..${mainAfter}`]);
              if (
                !merges
                  .split('\n')
                  .map((line) => line.trim())
                  .includes(promoter.id)
              )
                problems.push(`${promoter.actor} reported success but no merge of ${promoter.id} is on origin main`);
              if (!isAncestor(team.origin, requestHead, mainAfter)) problems.push(`${promoter.actor}: req/${promoter.id} is not in origin main`);
              const tag = run.stdout.match(/Released (v\S+) to prod\./)?.[1];
              if (!tag) problems.push(`${promoter.actor}: no "Released v… to prod." line`);
              else if (!isAncestor(team.origin, `${tag}^{commit}`, mainAfter)) problems.push(`${promoter.actor}: tag ${tag} is not on origin main`);
              const promoted = mine.filter((event) => event.type === 'promoted' && event.env === 'prod' && event.requestIds?.includes(promoter.id));
              const released = mine.filter((event) => event.type === 'released' && event.requestIds?.includes(promoter.id));
              if (promoted.length !== 1) problems.push(`${promoter.actor}: ${promoted.length} "promoted prod ${promoter.id}" events on origin (want 1)`);
              if (released.length !== 1) problems.push(`${promoter.actor}: ${released.length} "released ${promoter.id}" events on origin (want 1)`);
            } else {
              counts.testLanded += 1;
              inTest.add(promoter.id);
              const promoted = mine.filter((event) => event.type === 'promoted' && event.env === 'test' && event.requestIds?.includes(promoter.id));
              if (promoted.length !== 1) problems.push(`${promoter.actor}: ${promoted.length} "promoted test ${promoter.id}" events by it on origin (want 1)`);
            }
          } else {
            if (run.code === 5) counts.exit5 += 1;
            // A busy day's races all resolve within relctl's retry budget: no promoter is left to be rerun by hand.
            if (run.code === 5 && LONG)
              problems.push(
                `${promoter.actor}: exit 5 after ${retriesOf(run)} retries in ${run.ms} ms (every promotion must land on relctl's own retries): ${lastLine(run.stderr)}`,
              );
            else if (promoter.to === 'prod') counts.failed += 1;
            // A loser changed nothing on origin: no event of its own, its request not shipped.
            if (mine.length > 0) problems.push(`${promoter.actor} exited ${run.code} but origin has its events: ${mine.map(eventLine).join('; ')}`);
            if (promoter.to === 'prod' && isAncestor(team.origin, requestHead, mainAfter))
              problems.push(`${promoter.actor} exited ${run.code} but req/${promoter.id} is in origin main`);
            if (run.stderr.split('\n').filter((line) => line.startsWith('relctl: ')).length !== 1) problems.push(`${promoter.actor}: not exactly one "relctl: …" error line`);
          }
        }
        // No event appears twice (a replayed run would append the same event again).
        const keys = fresh.filter((event) => event.type !== 'synced').map((event) => `${event.actor} ${eventLine(event)} ${event.sha ?? ''}`);
        const twice = keys.filter((key, index) => keys.indexOf(key) !== index);
        if (twice.length > 0) problems.push(`events recorded twice: ${twice.join('; ')}`);
        // Every released event names a tag on origin, on main; and no tag lacks a released event.
        for (const event of fresh.filter((candidate) => candidate.type === 'released')) {
          const tag = String(event.data?.['tag'] ?? '');
          if (!readRef(team.origin, `refs/tags/${tag}`)) problems.push(`released event names ${tag}, which is not on origin`);
        }
        if (problems.length > 0) break;
        wave = wave.filter((promoter) => promoter.run?.code === 5);
      }

      // env/test is a valid rebuild: first-parent merges of exactly the unshipped test requests on origin's main.
      const testTip = team.originGit(['rev-parse', 'env/test']);
      const chain = git(team.origin, ['log', '--first-parent', '--format=%H %P%x09%(trailers:key=Relctl-Request,valueonly)', `${mainAfter}..${testTip}`])
        .split('\n')
        .filter(Boolean)
        .reverse();
      let previous = mainAfter;
      const members: string[] = [];
      for (const line of chain) {
        const [shas = '', trailer = ''] = line.split('\t');
        const [, first, second, ...more] = shas.split(' ');
        const id = trailer.trim();
        members.push(id);
        if (first !== previous || !second || more.length > 0) problems.push(`env/test: ${shas.slice(0, 7)} is not a two-parent merge on ${previous.slice(0, 7)}`);
        if (second !== readRef(team.origin, `refs/heads/req/${id}`)) problems.push(`env/test: merge of ${id} does not hold req/${id}'s head`);
        previous = shas.split(' ')[0] as string;
      }
      if (chain.length > 0 && !isAncestor(team.origin, mainAfter, testTip)) problems.push('env/test is not built on main');
      if (problems.length > 0) {
        const path = keepLog(`concurrent-round-${round}`, `${outputs.join('\n\n')}\n`);
        problems.push(`full output: ${path}`);
      }
      expect({ problems, members: [...members].sort() }).toEqual({ problems: [], members: [...inTest].sort() });
      counts.rounds += 1;
    });
  }
});

/**
 * What the promoters above rely on: a push of a promotion is one atomic step on origin. Whoever
 * reads origin while relctl pushes (another promoter's fetch) must see the state before or the
 * state after — never main moved without env/test, the tag or the audit event that go with it.
 *
 * Proved on the server side, exactly: origin's `reference-transaction` hook logs every ref
 * transaction git commits, and every ref the promotion moved must be in ONE of them (a push made
 * of several requests, or a receive-pack without `atomic`, commits one transaction per ref). The
 * HTTP server answers slowly here, so a push made of several requests would also leave
 * intermediate states for a reader polling origin long enough to be seen twice in a row; git's
 * files backend renames the refs of its one transaction one after the other, a window of a few
 * milliseconds that a single poll may catch — so a state seen in only one poll is reported, not failed.
 */
describe.each(['isomorphic', 'system'])('a promotion reaches origin in one atomic step (%s backend)', (backend) => {
  let team: Team;
  let transactions = '';
  beforeAll(async () => {
    team = await createTeam({ delayMs: 150 });
    makeRequest(team.seed, 'R', { base: 'main' });
    makeRequest(team.seed, 'Q', { base: 'main' });
    git(team.seed, ['push', '-q', 'origin', 'req/R', 'req/Q']);
    const setup = relctlSync(team.seed, ['promote', 'R', 'Q', '--to', 'test']);
    expect(setup.code, show(setup)).toBe(0);
    transactions = join(team.root, 'transactions.log');
    writeFileSync(join(team.origin, 'hooks', 'reference-transaction'), `#!/bin/sh\n[ "$1" = committed ] || exit 0\n{ echo "--"; cat; } >> '${transactions}'\n`, { mode: 0o755 });
  });
  afterAll(async () => team?.close());

  it('a reader of origin sees the state before or after the push, nothing in between', async () => {
    const clone = team.clone('promoter');
    const read = () => git(team.origin, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/relctl']);
    const before = read();
    writeFileSync(transactions, '');
    let finished = false;
    const promotion = relctlAsync(clone, ['promote', 'R', '--to', 'prod'], { env: { RELCTL_GIT_BACKEND: backend } }).then((run) => {
      finished = true;
      return run;
    });
    const polls: string[] = [before];
    while (!finished) {
      polls.push(read());
      await new Promise((done) => setTimeout(done, 15));
    }
    const run = await promotion;
    expect(run.code, show(run)).toBe(0);
    const after = read();
    polls.push(after);
    const between = [...new Set(polls)].filter((state) => state !== before && state !== after);
    const lasting = polls.filter((state, index) => state !== before && state !== after && polls[index + 1] === state);
    const moved = after
      .split('\n')
      .filter((line) => !before.split('\n').includes(line))
      .map((line) => line.split(' ')[0] as string)
      .sort();
    const committed = readFileSync(transactions, 'utf8')
      .split('--\n')
      .map((chunk) =>
        chunk
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(' ')[2] as string),
      )
      .filter((refs) => refs.some((ref) => moved.includes(ref)));
    report(
      `atomic push (${backend}): ${moved.length} refs moved in ${committed.length} ref transaction(s) on origin; ` +
        `${polls.length} polls saw ${between.length} intermediate state(s), ${lasting.length} of them in two polls in a row`,
    );
    saveCounts(`atomic-${backend}`, { transactions: committed.length, polls: polls.length, intermediate: between.length });
    expect(moved.length).toBeGreaterThanOrEqual(5); // main, env/test, the tag, the log, req/Q (synced)
    expect(committed.map((refs) => refs.filter((ref) => moved.includes(ref)).sort())).toEqual([moved]);
    expect(
      lasting.map((state) =>
        state
          .split('\n')
          .filter((line) => !before.includes(line))
          .join('; '),
      ),
    ).toEqual([]);
  });
});
