import { AUDIT_LOG_REF, RemoteRaceError, StateError, type RefUpdate, type Sha } from '@relctl/core';
import { mergeAuditLogs } from '@relctl/git';
import { rollbackUnpublishedRun } from '@relctl/runner';
import type { CliContext } from '../../context/open-context.js';
import { branchRef } from '../../facts/gather-facts.js';

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
 * of times, then stop with exit 5 and nothing changed. Dry runs and local-only repositories skip
 * all of this.
 */
export async function withRemoteRetry<T>(context: CliContext, dryRun: boolean, body: () => Promise<T>): Promise<T> {
  const name = context.policy.remote;
  if (!dryRun && context.repo.shallow) {
    throw new StateError('this is a shallow clone: relctl needs the whole history to move branches safely; run "git fetch --unshallow", then run the command again.', {
      shallow: true,
    });
  }
  if (dryRun || !name || !context.remote) return body();
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
  const { git, policy } = context;
  const remote = context.remote;
  if (!remote) return [];
  await remote.fetch(name);
  const refs = new Set<string>([AUDIT_LOG_REF, ...policy.environments.map((env) => branchRef(env.branch))]);
  const requestRefs = branchRef(policy.requestPrefix);
  for (const { ref } of await git.listRefs(requestRefs)) refs.add(ref);
  const trackingPrefix = remote.trackingRef(name, requestRefs);
  if (trackingPrefix) for (const { ref } of await git.listRefs(trackingPrefix)) refs.add(requestRefs + ref.slice(trackingPrefix.length));

  const leases: Record<string, Sha | null> = {};
  const moves: RefUpdate[] = [];
  for (const ref of [...refs].sort()) {
    const tracking = remote.trackingRef(name, ref);
    const theirs = tracking ? await git.readRef(tracking) : null;
    const ours = await git.readRef(ref);
    leases[ref] = theirs;
    if (!theirs || theirs === ours) continue;
    if (!ours || (await git.isAncestor(ours, theirs))) {
      moves.push({ ref, expected: ours, next: theirs });
    } else if (!(await git.isAncestor(theirs, ours))) {
      moves.push({ ref, expected: ours, next: await reconcile(context, ref, ours, theirs) });
    }
  }
  if (moves.length > 0) await git.updateRefs(moves, { message: `relctl: update from ${name}` });
  context.runOptions.leases = leases;
  return moves;
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

async function reconcile(context: CliContext, ref: string, ours: Sha, theirs: Sha): Promise<Sha> {
  if (ref === AUDIT_LOG_REF) {
    const merged = await mergeAuditLogs({ git: context.git, ours, theirs, actor: context.actor, at: context.io.now() });
    if (merged) return merged;
  }
  const integration = context.policy.environments.some((env) => env.kind === 'integration' && branchRef(env.branch) === ref);
  if (integration) return theirs;
  const name = ref.replace(/^refs\/heads\//, '');
  throw new StateError(
    `${name} here and on ${context.policy.remote} have both moved; bring them together with git (e.g. "git pull" on ${name}), then run relctl again.`,
    { ref, ours, theirs },
  );
}
