import { lastLoggedRelease, type AuditEvent, type Environment, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { branchRef } from '../facts/gather-facts.js';

/** How many removed commits are listed (the count says the rest). */
const LISTED = 20;

/** What {@link removedReleaseCommits} found: the release branch lost a release the log records. */
export interface RemovedReleaseCommits {
  /** The release commit the log records last (`released` event). */
  release: { sha: Sha; version?: string };
  /** Where the branch was compared: the remote's (`origin/main`) or this clone's (`main`). */
  where: string;
  /** The commits of that release the branch no longer holds, newest first (at most {@link LISTED}). */
  commits: Sha[];
}

/**
 * Whether the release branch — the remote's as last fetched, this clone's without a remote —
 * still holds the newest release the audit log records. Published production history only moves
 * forward, so `null` (nothing removed) is the normal answer; anything else means someone moved
 * the branch back behind relctl's back, and a promotion from a clone that still has those commits
 * would publish them again.
 *
 * @example
 * ```ts
 * const removed = await removedReleaseCommits(context, facts.events, prod);
 * if (removed) throw new StateError(`origin's main no longer holds ${removed.commits.length} commit(s)…`, removed);
 * ```
 */
export async function removedReleaseCommits(context: CliContext, events: AuditEvent[], env: Environment): Promise<RemovedReleaseCommits | null> {
  const { git } = context;
  const ref = branchRef(env.branch);
  const release = lastLoggedRelease({ events, env: env.name, ref });
  if (release === null) return null;
  const name = context.policy.remote;
  const tracking = name && context.remote ? context.remote.trackingRef(name, ref) : null;
  const tip = tracking ? await git.readRef(tracking) : await git.readRef(ref);
  const where = tracking && name ? `${name}'s ${env.branch}` : env.branch;
  try {
    if (tip !== null && (await git.isAncestor(release.sha, tip))) return null;
    const [base] = tip === null ? [] : await git.mergeBases(release.sha, tip);
    const lost = await git.firstParentHistory(release.sha, { ...(base ? { until: base } : {}), limit: LISTED });
    return { release, where, commits: lost.map((commit) => commit.sha) };
  } catch {
    // This clone does not have the release commit at all (it was removed before it fetched).
    return { release, where, commits: [release.sha] };
  }
}
