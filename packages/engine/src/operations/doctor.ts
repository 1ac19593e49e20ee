import { relative } from 'node:path';
import { RelctlError, shortSha } from '@relctl/core';
import { findDamagedObjects, pendingTransactions, type PendingTransaction } from '@relctl/git';
import { runStateObjects, type RunState } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { branchChecks } from '../doctor/branch-checks.js';
import { checkRelctlDir } from '../doctor/check-relctl-dir.js';
import type { DoctorCheck } from '../doctor/doctor-check.js';
import { environmentClaimsChecks } from '../doctor/environment-claims-checks.js';
import { logRecordsCheck } from '../doctor/log-records-check.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { remoteMoves } from '../shared/remote-moves.js';
import { viewThrough } from '../shared/view-through.js';

/**
 * Options of {@link doctor}.
 *
 * @example
 * ```ts
 * const options: DoctorOptions = { session };
 * ```
 */
export interface DoctorOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
}

/**
 * Check what relctl needs, as `relctl doctor` does: the config, the remote (fetched unless
 * offline or a ref transaction is interrupted), every environment and request branch against the
 * remote's, the state folder, an unfinished run, interrupted ref transactions and, after a crash,
 * the objects they name, the audit log's records, what each environment branch holds against the
 * log, and the requests' changesets. Reports findings; repairs nothing. A finding with
 * `ok: false` and no `warning` is a problem to fix.
 *
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir });
 * try {
 *   const checks = await doctor({ session });
 *   for (const check of checks) console.log(check.ok ? 'ok' : 'FAIL', check.name, check.detail);
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function doctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const context = options.session;
  const checks: DoctorCheck[] = [];
  checks.push({ name: 'config', ok: true, detail: context.configFile ? `read ${context.configFile}` : 'no config file; using the defaults ("relctl init" writes one)' });
  if (context.repo.shallow)
    checks.push({ name: 'history', ok: false, warning: true, detail: 'this is a shallow clone; run "git fetch --unshallow" so ancestry answers are complete' });
  // Read before anything fetches: a fetch settles an interrupted ref transaction (it must, before it
  // moves remote-tracking refs), and doctor reports what it finds rather than repairing it.
  const interrupted = await pendingTransactions({ repo: context.repo }).then(
    (journals) => journals.length > 0,
    () => false,
  );
  checks.push(await remoteCheck(context, interrupted));
  checks.push(...(await branchChecks(context)));
  checks.push(await checkRelctlDir({ commonDir: context.repo.commonDir }));
  checks.push(
    await readable('run state', async () => {
      const pending = await context.store.loadCurrent();
      return {
        name: 'run state',
        ok: pending === null,
        detail: pending
          ? `"relctl ${pending.plan.command}" stopped at step ${pending.next + 1} of ${pending.plan.steps.length}${pending.stop ? ` (${pending.stop.message})` : ' (interrupted)'}; run "relctl continue" to finish it or "relctl undo" to take it back`
          : 'no unfinished run',
      };
    }),
  );
  checks.push(
    await readable('ref transactions', async () => {
      const journals = await pendingTransactions({ repo: context.repo });
      return {
        name: 'ref transactions',
        ok: journals.length === 0,
        detail:
          journals.length === 0
            ? 'no interrupted transaction'
            : `${journals.length} interrupted ref transaction(s); the next relctl command that moves refs completes or rolls them back`,
      };
    }),
  );
  // Only after a crash: the objects an unfinished run or an interrupted transaction names.
  const objects = await readable('objects', async () => objectsCheck(context, await context.store.loadCurrent(), await pendingTransactions({ repo: context.repo })));
  if (objects) checks.push(objects);
  // The requests as every read command shows them: this clone's refs brought up to the remote's.
  if (context.policy.remote && context.remote) viewThrough(context, (await remoteMoves(context, context.policy.remote, 'keep-ours')).moves);
  const facts = await gatherFacts(context);
  checks.push(logRecordsCheck([...context.logSkipped.values()], context.remote ? context.policy.remote : null));
  checks.push(...(await environmentClaimsChecks(context, facts)));
  const withoutChangeset = facts.requests.filter((request) => !request.changeset).map((request) => request.id);
  checks.push({
    name: 'changesets',
    ok: withoutChangeset.length === 0,
    warning: true,
    detail:
      withoutChangeset.length === 0
        ? `${facts.requests.length} request(s), each with a changeset`
        : `no .changeset/<id>.md on: ${withoutChangeset.join(', ')}; add one on each branch before it ships`,
  });
  return checks;
}

/** Fetch (unless offline) so that the branch checks compare with the remote as it is now. */
async function remoteCheck(context: CliContext, interrupted: boolean): Promise<DoctorCheck> {
  const name = context.policy.remote;
  if (context.missingRemote) {
    return {
      name: `remote ${context.missingRemote}`,
      ok: false,
      warning: true,
      detail: `the config names it but this clone has no such remote, so nothing is pushed; add it with "git remote add ${context.missingRemote} <url>" or set remote: null`,
    };
  }
  if (!name || !context.remote) return { name: 'remote', ok: true, detail: 'none (remote: null): a local-only repository' };
  if (context.offline)
    return { name: `remote ${name}`, ok: true, warning: true, detail: `not fetched (${context.offline}); the checks below compare with ${name} as last fetched` };
  if (interrupted) {
    return {
      name: `remote ${name}`,
      ok: true,
      warning: true,
      detail: `not fetched while a ref transaction is interrupted (fetching would settle it); the checks below compare with ${name} as last fetched`,
    };
  }
  try {
    await context.remote.fetch(name);
    return { name: `remote ${name}`, ok: true, detail: 'fetched; promotions push to it' };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/[.\s]+$/, '');
    return { name: `remote ${name}`, ok: false, warning: true, detail: `could not reach it (${reason}); the checks below compare with ${name} as last fetched` };
  }
}

/** A check that reads `.git/relctl`: one that cannot read it is a failed check, not a crash. */
async function readable<T extends DoctorCheck | null>(name: string, check: () => Promise<T>): Promise<T | DoctorCheck> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof RelctlError || !(error instanceof Error) || !('code' in error)) throw error;
    return { name, ok: false, detail: `cannot read it (${String(error.code)}); see the state folder check` };
  }
}

/**
 * After a crash: the objects the unfinished run and the interrupted transactions name (and what
 * they reach through loose objects), and every loose object written since the run started, must
 * be whole. A writer killed half way through an object left it damaged before relctl wrote
 * objects through a temp file; `continue` replaces a damaged file it writes again, but it cannot
 * rebuild an object that an earlier step of the run produced.
 */
async function objectsCheck(context: CliContext, pending: RunState | null, journals: PendingTransaction[]): Promise<DoctorCheck | null> {
  if (pending === null && journals.length === 0) return null;
  const named = new Set<string>(pending ? runStateObjects({ state: pending }) : []);
  for (const journal of journals) for (const update of journal.updates) for (const oid of [update.old, update.new]) if (oid) named.add(oid);
  const since = Math.min(pending?.startedAt ?? Infinity, ...journals.map((journal) => journal.createdAt));
  const found = await findDamagedObjects({ repo: context.repo, oids: named, since });
  if (found.length === 0) {
    return { name: 'objects', ok: true, detail: `the ${named.size} object(s) the unfinished work names, and the objects written since it started, are whole` };
  }
  const list = found.map((object) => `${shortSha(object.oid)} (${object.problem === 'missing' ? 'missing' : object.reason}${named.has(object.oid) ? '; named by the run' : ''})`);
  // A missing object (or a damaged one the run names) is part of what the run built: only undo helps.
  const built = found.filter((object) => named.has(object.oid) || object.problem === 'missing').map((object) => shortSha(object.oid));
  const fix =
    built.length > 0
      ? `the run builds on ${built.join(', ')}, which "relctl continue" cannot write again: take the run back with "relctl undo" and run the command again`
      : `delete the damaged file(s) (${found.map((object) => relative(context.root, object.path ?? '')).join(', ')}): nothing can read them, and "relctl continue" writes again any it needs`;
  return { name: 'objects', ok: false, detail: `${found.length} damaged or missing object(s): ${list.join(', ')}; ${fix}` };
}
