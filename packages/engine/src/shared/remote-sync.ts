import { AUDIT_LOG_REF, RemoteRaceError, StateError, UsageError, type RefUpdate, type Sha } from '@relctl/core';
import { rollbackUnpublishedRun } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { remoteMoves } from './remote-moves.js';
import { viewForDryRun } from './view-for-dry-run.js';

/**
 * How many times a command fetches, plans and pushes after losing a push race. Each race has one
 * winner, so with n promoters at once the last one needs n attempts: 5 covers a team's busy
 * moment (the reliability suite's 8 simultaneous promoters often exhausted 3).
 */
export const REMOTE_ATTEMPTS = 5;
/** The longest wait before an attempt (the wait is random up to 150 ms x 2^(attempt-1), capped). */
const MAX_BACKOFF_MS = 2_000;

/**
 * Run a writing command against the team's remote: fetch first and bring the local refs relctl
 * manages up to the remote's, plan and execute, and when the push loses a race (someone else
 * pushed in between) take the local moves back, fetch, plan again and retry — a bounded number
 * of times, then stop with exit 5 and nothing changed. Local-only repositories skip all of this.
 *
 * A dry run reads exactly what the real run reads: the same fetch, and the local refs as the
 * real run would have brought them up to the remote's — shown through a read-only view, so
 * nothing moves — and it is refused where the real run would be (a shallow clone, branches that
 * diverged). With `--offline` (or `RELCTL_OFFLINE`, `relctl.offline`) a dry run reads this clone's
 * refs only, and says so.
 */
export async function withRemoteRetry<T>(context: CliContext, dryRun: boolean, body: () => Promise<T>): Promise<T> {
  const name = context.policy.remote;
  if (!dryRun) refuseOfflineWrite(context);
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
          await rollbackUnpublishedRun({ ports: { git: context.git, log: context.log }, store: context.store });
          await revert(context, moves);
        } else if (!current) await revert(context, moves);
        throw error;
      }
      await rollbackUnpublishedRun({ ports: { git: context.git, log: context.log }, store: context.store });
      if (attempt >= REMOTE_ATTEMPTS) {
        throw new RemoteRaceError(
          `${name} kept moving while relctl pushed (${REMOTE_ATTEMPTS} attempts); nothing changed here or there. Run the command again.`,
          error.data,
        );
      }
      context.io.stderr(`note: ${name} moved while relctl pushed; fetching and planning again (attempt ${attempt + 1} of ${REMOTE_ATTEMPTS}).\n`);
      // Full jitter: losers that start again at the same moment would race each other again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 150 * 2 ** (attempt - 1))));
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
  throw new UsageError(`--offline reads this clone's refs only, but this command writes and pushes to ${context.policy.remote}; drop --offline, or add --dry-run to see the plan.`, {
    offline: true,
  });
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

