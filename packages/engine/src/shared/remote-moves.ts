import { AUDIT_LOG_REF, StateError, isValidRequestId, type RefUpdate, type Sha } from '@relctl/core';
import { mergeAuditLogs } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { branchRef } from '../facts/gather-facts.js';

/** What {@link remoteMoves} found. */
export interface RemoteMoves {
  /** Local refs to move to the remote's value (or to a merge of both logs). */
  moves: RefUpdate[];
  /** The remote's value of every relctl-managed ref, as push leases. */
  leases: Record<string, Sha | null>;
  /** Refs that diverged and were left as they are here (`keep-ours` only). */
  kept: string[];
}

/**
 * After a fetch: the moves that bring every relctl-managed local ref (environment branches,
 * request branches, the audit log) to the remote's value where the remote is ahead, and the
 * remote's values as push leases. Two audit logs that diverged are merged (every event kept, see
 * `mergeAuditLogs` for a log the remote repaired); an integration branch takes the remote's
 * rebuild, and the remote's value when it is behind (someone moved it back; unless a run here is
 * unfinished); any other divergence is refused, or with
 * `keep-ours` left as it is here and named in `kept`. Reads the remote-tracking refs of the last
 * fetch; moves nothing.
 *
 * @example
 * ```ts
 * await context.remote.fetch('origin');
 * const { moves, leases } = await remoteMoves(context, 'origin', 'refuse');
 * ```
 */
export async function remoteMoves(context: CliContext, name: string, diverged: 'refuse' | 'keep-ours'): Promise<RemoteMoves> {
  const { git, policy } = context;
  const remote = context.remote;
  if (!remote) return { moves: [], leases: {}, kept: [] };
  const refs = new Set<string>([AUDIT_LOG_REF, ...policy.environments.map((env) => branchRef(env.branch))]);
  const requestRefs = branchRef(policy.requestPrefix);
  // Only branches that are requests: a plain-git req/HEAD (a name git reserves) is none of relctl's business.
  const isRequest = (ref: string) => isValidRequestId(ref.slice(requestRefs.length));
  // Request refs, here and as fetched, come from two listings (not one read per ref: every read
  // command pays for this, and a team has hundreds of requests).
  const ours = new Map<string, Sha>();
  const theirs = new Map<string, Sha>();
  for (const { ref, sha } of await git.listRefs(requestRefs)) {
    if (!isRequest(ref)) continue;
    refs.add(ref);
    ours.set(ref, sha);
  }
  const trackingPrefix = remote.trackingRef(name, requestRefs);
  if (trackingPrefix) {
    for (const { ref, sha } of await git.listRefs(trackingPrefix)) {
      const local = requestRefs + ref.slice(trackingPrefix.length);
      if (!isRequest(local)) continue;
      refs.add(local);
      theirs.set(local, sha);
    }
  }
  const listed = (ref: string) => ref.startsWith(requestRefs) && !policy.environments.some((env) => branchRef(env.branch) === ref);

  const integration = new Set(policy.environments.filter((env) => env.kind === 'integration').map((env) => branchRef(env.branch)));
  // Only when no run is unfinished here: an unfinished run's refs are ahead of the remote on purpose.
  let unfinished: boolean | undefined;
  const runUnfinished = async () => (unfinished ??= (await context.store.loadCurrent().catch(() => null)) !== null);

  const leases: Record<string, Sha | null> = {};
  const moves: RefUpdate[] = [];
  const kept: string[] = [];
  for (const ref of [...refs].sort()) {
    const tracking = remote.trackingRef(name, ref);
    const there = listed(ref) ? (theirs.get(ref) ?? null) : tracking ? await git.readRef(tracking) : null;
    const here = listed(ref) ? (ours.get(ref) ?? null) : await git.readRef(ref);
    leases[ref] = there;
    if (!there || there === here) continue;
    if (!here || (await git.isAncestor(here, there))) {
      moves.push({ ref, expected: here, next: there });
    } else if (await git.isAncestor(there, here)) {
      // The remote's integration branch is behind this clone's, and no run here is unfinished:
      // someone moved it back (relctl only rebuilds it). It is derived, so this clone takes the
      // remote's, where the facts then see what it lacks against the audit log, and the next
      // promotion rebuilds it from the log. Keeping ours would hide the loss: a promotion would
      // find everything "already up to date" and push nothing.
      if (integration.has(ref) && !(await runUnfinished())) moves.push({ ref, expected: here, next: there });
    } else {
      try {
        moves.push({ ref, expected: here, next: await reconcile(context, ref, here, there) });
      } catch (error) {
        if (diverged === 'refuse' || !(error instanceof StateError)) throw error;
        kept.push(ref);
      }
    }
  }
  return { moves, leases, kept };
}

async function reconcile(context: CliContext, ref: string, ours: Sha, theirs: Sha): Promise<Sha> {
  if (ref === AUDIT_LOG_REF) {
    const merged = await mergeAuditLogs({ git: context.git, ours, theirs, actor: context.actor, at: context.io.now() });
    if (merged) return merged;
  }
  const integration = context.policy.environments.some((env) => env.kind === 'integration' && branchRef(env.branch) === ref);
  if (integration) return theirs;
  const name = ref.replace(/^refs\/heads\//, '');
  throw new StateError(`${name} here and on ${context.policy.remote} have both moved; bring them together with git (e.g. "git pull" on ${name}), then run relctl again.`, {
    ref,
    ours,
    theirs,
  });
}
