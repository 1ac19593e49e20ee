import { describeRaceRetry, raceRetry, RemoteRaceError, StateError, UsageError, type RefUpdate } from '@relctl/core';
import { assertNoUnfinishedRun, rollbackUnpublishedRun } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { remoteMoves } from './remote-moves.js';
import { stoppedPushError } from './stopped-push-error.js';
import { viewForDryRun } from './view-for-dry-run.js';
import { runPorts } from './run-ports.js';

/**
 * Run a writing command against the team's remote: fetch first and bring the local refs relctl
 * manages up to the remote's, plan and execute, and when the push loses a race (someone else
 * pushed in between) take the local moves back, fetch, plan again and retry — within the retry
 * budget (`push.retrySeconds`, `RELCTL_RETRY_SECONDS`; a count is the wrong bound: each race has
 * one winner, so the last of n promoters needs n attempts), after a jittered, growing wait that
 * is shown on stderr (not with --json); then stop with exit 5 and nothing changed. Local-only
 * repositories skip all of this.
 *
 * A real run is refused first, before anything moves, while a run is unfinished (`continue`,
 * `skip` or `undo` it first).
 *
 * A dry run reads exactly what the real run reads: the same fetch, and the local refs as the
 * real run would have brought them up to the remote's — shown through a read-only view, so
 * nothing moves — and it is refused where the real run would be (a shallow clone, branches that
 * diverged). With `--offline` (or `RELCTL_OFFLINE`, `relctl.offline`) a dry run reads this clone's
 * refs only, and says so.
 */
export async function withRemoteRetry<T>(context: CliContext, dryRun: boolean, body: () => Promise<T>): Promise<T> {
  const name = context.policy.remote;
  if (!dryRun) {
    refuseOfflineWrite(context);
    // Before the fetch below moves any local ref: the unfinished run's continue and undo need its refs as it left them.
    await assertNoUnfinishedRun({ store: context.store });
  }
  if (context.repo.shallow && !(dryRun && context.offline)) {
    throw new StateError('this is a shallow clone: relctl needs the whole history to move branches safely; run "git fetch --unshallow", then run the command again.', {
      shallow: true,
    });
  }
  if (!name || !context.remote) return body();
  if (dryRun) {
    await viewForDryRun(context, name);
    return body();
  }
  const started = context.io.now();
  for (let attempt = 1; ; attempt += 1) {
    const moves = await syncFromRemote(context, name);
    try {
      return await body();
    } catch (error) {
      if (!(error instanceof RemoteRaceError)) {
        // Refused before any run started (a rule, bad input): take the fast-forwards back too, so a
        // refused command leaves every local ref as it found it. A stopped run keeps them: its plan
        // was made on top of them — unless the remote refused the push outright (a hook, branch
        // protection: `data.refused`, nothing moved there): then the run is taken back here too,
        // and the refused command changed nothing anywhere.
        const current = await context.store.loadCurrent();
        if (current && refusedPush(error)) {
          await rollbackUnpublishedRun({ ports: runPorts(context, { local: true }), store: context.store });
          await revert(context, moves);
        } else if (!current) await revert(context, moves);
        // A push that failed otherwise (no network): the run is saved; say so, and what to run next.
        else throw stoppedPushError(error, current, name);
        throw error;
      }
      // The lost push's run is taken back (a race lost before any run started has none).
      if (await context.store.loadCurrent()) await rollbackUnpublishedRun({ ports: runPorts(context, { local: true }), store: context.store });
      const next = raceRetry({ lostAttempt: attempt, elapsedMs: context.io.now() - started, budgetMs: context.retryBudgetMs, random: Math.random() });
      if (!next.retry) {
        const seconds = Math.round(context.retryBudgetMs / 1000);
        throw new RemoteRaceError(
          `${name} kept moving while relctl pushed (${attempt} attempt${attempt === 1 ? '' : 's'} in ${Math.round(next.elapsedMs / 1000)} s, retry budget ${seconds} s); nothing changed here or there. Run the command again, or give it longer with push.retrySeconds in the config or RELCTL_RETRY_SECONDS.`,
          { ...error.data, attempts: attempt, retrySeconds: seconds },
        );
      }
      if (!context.quiet) context.emit({ type: 'progress', message: `${describeRaceRetry(name, next)}.` });
      await new Promise((resolve) => setTimeout(resolve, next.waitMs));
    }
  }
}

/**
 * Fetch, then move every relctl-managed local ref (environment branches, request branches, the
 * audit log) to the remote's value where the remote is ahead, in one transaction. Two audit logs
 * that diverged are merged (every event kept); an integration branch takes the remote's rebuild;
 * any other divergence is refused. Leaves the remote's values as push leases in the run options.
 */
export async function syncFromRemote(context: CliContext, name: string): Promise<RefUpdate[]> {
  const remote = context.remote;
  if (!remote) return [];
  await remote.fetch(name);
  const { moves, leases } = await remoteMoves(context, name, 'refuse');
  if (moves.length > 0) await context.git.updateRefs(moves, { message: `relctl: update from ${name}` });
  context.runOptions.leases = leases;
  return moves;
}

/**
 * `--offline` on a command that writes: refused before anything, since the command would fetch
 * and push all the same. (`RELCTL_OFFLINE` and `relctl.offline` are about reading; writing
 * commands still fetch with them.)
 */
export function refuseOfflineWrite(context: CliContext): void {
  if (context.offline !== '--offline' || !context.policy.remote || !context.remote) return;
  throw new UsageError(
    `--offline reads this clone's refs only, but this command writes and pushes to ${context.policy.remote}; drop --offline, or add --dry-run to see the plan.`,
    {
      offline: true,
    },
  );
}

/** The remote answered the push with a refusal that moved nothing there (see the remotes' `data.refused`). */
function refusedPush(error: unknown): boolean {
  return error instanceof StateError && (error.data as { refused?: unknown } | undefined)?.refused === true;
}

async function revert(context: CliContext, moves: RefUpdate[]): Promise<void> {
  if (moves.length === 0) return;
  const back = moves.map((move) => ({ ref: move.ref, expected: move.next, next: move.expected }));
  await context.git.updateRefs(back, { message: 'relctl: command refused; local refs back as they were' });
}
