import type { GitPort, Sha } from '@relctl/core';
import { actorIdentity } from './actor-identity.js';

/**
 * Options of {@link mergeAuditLogs}.
 *
 * @example
 * ```ts
 * const tip = await mergeAuditLogs({ git, ours: localTip, theirs: remoteTip, actor: 'Kim <kim@example.com>', at: Date.now() });
 * ```
 */
export interface MergeAuditLogsOptions {
  git: GitPort;
  /** Our log tip (`null`: none). */
  ours: Sha | null;
  /** Their log tip, e.g. the remote-tracking `refs/remotes/origin/relctl/log` (`null`: none). */
  theirs: Sha | null;
  /** `Name <email>` of who merges. */
  actor: string;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * Join two audit logs that diverged (two clones appended events concurrently) so every event
 * of both is kept: returns the other tip when one contains the other, else writes a merge
 * commit (parents `ours`, `theirs`, the empty tree) and returns it. Writes objects only; move
 * the log ref in the command's transaction. Returns `null` only when both are `null`.
 *
 * @example
 * ```ts
 * const tip = await mergeAuditLogs({ git, ours, theirs: await git.readRef('refs/remotes/origin/relctl/log'), actor: 'Kim <k@x>', at: now });
 * ```
 */
export async function mergeAuditLogs(options: MergeAuditLogsOptions): Promise<Sha | null> {
  const { git, ours, theirs } = options;
  if (ours === null || ours === theirs) return theirs;
  if (theirs === null) return ours;
  if (await git.isAncestor(theirs, ours)) return ours;
  if (await git.isAncestor(ours, theirs)) return theirs;
  const identity = actorIdentity({ actor: options.actor, at: options.at });
  return git.writeCommit({
    tree: await git.editTree(null, []),
    parents: [ours, theirs],
    message: 'relctl: merge audit logs\n',
    author: identity,
    committer: identity,
  });
}
