import { readAuditRecord, type CommitInfo, type GitPort, type Sha } from '@relctl/core';
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
 * A log the remote repaired is taken instead of merged: when our side holds a commit that is
 * not a relctl event and theirs does not, someone rewrote the shared log to take it out (see
 * `relctl doctor`). Merging would bring it back, and the next push would poison the remote again,
 * so theirs wins for everything it holds — the remote is the team's record, and its repair is a
 * deliberate decision — and our own events that theirs lacks (the same author, time and message
 * are the same event; a rewrite keeps them) are appended again on top of theirs, so an event
 * this clone recorded and has not pushed yet is never lost. Only the unreadable commits and our
 * copies of events theirs re-wrote are left behind.
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
  const ourOwn = await commitsNotIn(git, ours, theirs);
  if (ourOwn.some((commit) => commit.parents.length === 1 && 'skipped' in readLogCommit(commit))) {
    return replayOnto(git, theirs, ourOwn, await commitsNotIn(git, theirs, ours));
  }
  const identity = actorIdentity({ actor: options.actor, at: options.at });
  return git.writeCommit({
    tree: await git.editTree(null, []),
    parents: [ours, theirs],
    message: 'relctl: merge audit logs\n',
    author: identity,
    committer: identity,
  });
}

/** Commits reachable from `tip` but not from `other`, parents before children. */
async function commitsNotIn(git: GitPort, tip: Sha, other: Sha): Promise<CommitInfo[]> {
  const found = new Map<Sha, CommitInfo>();
  const outside = new Map<Sha, boolean>();
  const isOutside = async (sha: Sha) => {
    let answer = outside.get(sha);
    if (answer === undefined) outside.set(sha, (answer = !(await git.isAncestor(sha, other))));
    return answer;
  };
  const pending = [tip];
  while (pending.length > 0) {
    const sha = pending.pop()!;
    if (found.has(sha) || !(await isOutside(sha))) continue;
    const [commit] = await git.firstParentHistory(sha, { limit: 1 });
    if (!commit) continue;
    found.set(sha, commit);
    pending.push(...commit.parents);
  }
  const ordered: CommitInfo[] = [];
  const placed = new Set<Sha>();
  const place = (commit: CommitInfo): void => {
    if (placed.has(commit.sha)) return;
    placed.add(commit.sha);
    for (const parent of commit.parents) {
      const inside = found.get(parent);
      if (inside) place(inside);
    }
    ordered.push(commit);
  };
  for (const commit of found.values()) place(commit);
  return ordered;
}

/** Our events that `theirs` lacks, appended again on top of it (merge commits and unreadable commits left behind). */
async function replayOnto(git: GitPort, theirs: Sha, ourOwn: CommitInfo[], theirOwn: CommitInfo[]): Promise<Sha> {
  const key = (commit: CommitInfo) => JSON.stringify([commit.message, commit.author.name, commit.author.email, commit.author.timestamp]);
  const theirEvents = new Set(theirOwn.map(key));
  let tip = theirs;
  for (const commit of ourOwn) {
    if (commit.parents.length !== 1 || 'skipped' in readLogCommit(commit) || theirEvents.has(key(commit))) continue;
    // The signature (of a signed approval) covered the old parent; the commit is written without it.
    tip = await git.writeCommit({ tree: commit.tree, parents: [tip], message: commit.message, author: commit.author, committer: commit.committer });
  }
  return tip;
}

function readLogCommit(commit: CommitInfo) {
  return readAuditRecord({ message: commit.message, at: commit.author.timestamp * 1000, actor: commit.author.name, id: commit.sha });
}
