import {
  AUDIT_LOG_REF,
  encodeAuditEvent,
  readAuditRecord,
  StateError,
  UsageError,
  type AuditEvent,
  type SkippedAuditRecord,
  type AuditLogPort,
  type CommitData,
  type CommitInfo,
  type GitPort,
  type Sha,
} from '@relctl/core';
import { readReachableCommits } from '../history/read-reachable-commits.js';
import type { Repository } from '../repo/repository.js';
import { actorIdentity } from './actor-identity.js';
import { cachedLogEvents } from './cached-log-events.js';

/**
 * Options of {@link createAuditLog}.
 *
 * @example
 * ```ts
 * const log = createAuditLog({ git, onMalformed: 'skip', repo });
 * ```
 */
export interface CreateAuditLogOptions {
  git: GitPort;
  /**
   * What `read` does with a single-parent commit that is not a relctl event: `throw` (default) a
   * `StateError` naming it, or `skip` it.
   */
  onMalformed?: 'throw' | 'skip';
  /**
   * With `onMalformed: 'skip'`: called after each `read` that left commits out, with every one it
   * left out (oldest first), so the shell can say so. The log stays readable: one commit someone
   * else wrote must not stop every command in every clone.
   */
  onSkipped?: (records: SkippedAuditRecord[]) => void;
  /**
   * The repository `git` works on. With it, `read` reads the log's commits in this process
   * straight from the pack files (one pass, no port call per chain or commit), or through `git`
   * when that fails (a shallow boundary, an object only the backend can reach); and `read()` of
   * the log ref keeps the decoded events in `<commonDir>/relctl/audit-log-cache.json`, reading
   * only the commits appended since (the package's internal `cachedLogEvents`). Same events either way.
   */
  repo?: Repository;
  /**
   * Called for every event's commit before it is written; returns the commit to write — e.g.
   * signed with the user's key for an `approved` event (see `signedCommit`), or as it is.
   */
  signEvent?: (options: { event: AuditEvent; commit: CommitData }) => Promise<CommitData>;
}

/**
 * The audit log over any {@link GitPort}: one commit per event on {@link AUDIT_LOG_REF}, each with
 * the empty tree, the event's actor and time as author and committer, and the message of
 * `encodeAuditEvent`. `append` only writes objects (the ref moves in the command's transaction);
 * `read` walks every parent (logs merged by {@link mergeAuditLogs} included), skips merge
 * commits, and returns events oldest first: by time, then id, never before an event that was
 * appended before it.
 *
 * @example
 * ```ts
 * const log = createAuditLog({ git });
 * const tip = await log.append(await git.readRef(AUDIT_LOG_REF), [{ type: 'approved', at: Date.now(), actor: 'Kim <k@x>', requestIds: ['A'], env: 'prod', sha }]);
 * await git.updateRefs([{ ref: AUDIT_LOG_REF, expected: old, next: tip }], { message: 'relctl: approve A' });
 * const events = await log.read();
 * ```
 */
export function createAuditLog(options: CreateAuditLogOptions): AuditLogPort {
  const { git } = options;
  let emptyTree: Promise<Sha> | null = null;

  return {
    async append(parent, events) {
      if (events.length === 0) {
        if (parent === null) throw new UsageError('nothing to append to an empty audit log; pass at least one event.', {});
        return parent;
      }
      emptyTree ??= git.editTree(null, []);
      const tree = await emptyTree;
      let tip = parent;
      for (const event of events) {
        const identity = actorIdentity({ actor: event.actor, at: event.at });
        const commit: CommitData = { tree, parents: tip === null ? [] : [tip], message: encodeAuditEvent(event), author: identity, committer: identity };
        tip = await git.writeCommit(options.signEvent ? await options.signEvent({ event, commit }) : commit);
      }
      return tip!;
    },

    async read(tip) {
      const start = tip === undefined ? await git.readRef(AUDIT_LOG_REF) : tip;
      if (start === null) return [];
      const readAll = () => readRecords(options, start);
      // The log ref's events are cached (decoded) in the repository; an explicit tip is read as is.
      const { events, skipped } = tip === undefined && options.repo ? await cachedLogEvents({ repo: options.repo, tip: start, readAll, decode: readLogCommit }) : await readAll();
      if (skipped.length > 0) {
        if (options.onMalformed !== 'skip') {
          const [first] = skipped;
          // The same error decodeAuditEvent throws for it.
          readLogCommitOrThrow(first!);
        }
        options.onSkipped?.(skipped);
      }
      return events;
    },
  };
}

/** Every event of the log at `tip`, oldest first, and the commits that are not events. */
async function readRecords(options: CreateAuditLogOptions, tip: Sha): Promise<{ events: AuditEvent[]; skipped: SkippedAuditRecord[] }> {
  const commits = (options.repo && (await readInProcess(options.repo, tip))) || (await collectLog(options.git, tip));
  const events = new Map<Sha, AuditEvent>();
  const unreadable = new Map<Sha, SkippedAuditRecord>();
  for (const commit of commits.values()) {
    if (commit.parents.length > 1) continue;
    const record = readLogCommit(commit);
    if ('event' in record) events.set(commit.sha, record.event);
    else unreadable.set(commit.sha, record.skipped);
  }
  const at = (sha: Sha) => events.get(sha)?.at;
  const skipped = orderEvents(commits, (sha) => unreadable.get(sha), at);
  return { events: orderEvents(commits, (sha) => events.get(sha), at), skipped };
}

/** The event a single-parent log commit records, or why it records none. */
function readLogCommit(commit: CommitInfo): { event: AuditEvent } | { skipped: SkippedAuditRecord } {
  return readAuditRecord({
    message: commit.message,
    at: commit.author.timestamp * 1000,
    actor: commit.author.email === '' ? commit.author.name : `${commit.author.name} <${commit.author.email}>`,
    id: commit.sha,
  });
}

/** `onMalformed: 'throw'`: the error that names the first commit that is not an event. */
function readLogCommitOrThrow(record: SkippedAuditRecord): never {
  throw new StateError(
    `audit log commit ${record.id.slice(0, 12)} is not a relctl event (${record.problem}); inspect it with "git show ${record.id.slice(0, 12)}" — something other than relctl wrote to refs/relctl/log.`,
    { id: record.id, problem: record.problem },
  );
}

/** Every commit reachable from `tip`, read from the object files; `null` when that fails (then the port reads it). */
async function readInProcess(repo: Repository, tip: Sha): Promise<Map<Sha, CommitInfo> | null> {
  try {
    return new Map((await readReachableCommits({ repo, tip })).map((commit) => [commit.sha, commit]));
  } catch {
    return null;
  }
}

/** Every commit reachable from `tip`, walked one first-parent chain at a time. */
async function collectLog(git: GitPort, tip: Sha): Promise<Map<Sha, CommitInfo>> {
  const commits = new Map<Sha, CommitInfo>();
  const chains: Array<{ start: Sha; until?: Sha }> = [{ start: tip }];
  while (chains.length > 0) {
    const chain = chains.pop()!;
    if (commits.has(chain.start)) continue;
    const history = await git.firstParentHistory(chain.start, chain.until === undefined ? {} : { until: chain.until });
    for (const commit of history) {
      if (commits.has(commit.sha)) break;
      commits.set(commit.sha, commit);
      for (const side of commit.parents.slice(1)) {
        if (commits.has(side)) continue;
        const [base] = await git.mergeBases(commit.parents[0]!, side);
        chains.push(base === undefined ? { start: side } : { start: side, until: base });
      }
    }
  }
  return commits;
}

/** Topological order (parents first), ties broken by event time then id; `pick` says what each commit holds. */
function orderEvents<T>(commits: Map<Sha, CommitInfo>, pick: (sha: Sha) => T | undefined, at: (sha: Sha) => number | undefined): T[] {
  const children = new Map<Sha, Sha[]>();
  const waiting = new Map<Sha, number>();
  for (const commit of commits.values()) {
    const parents = commit.parents.filter((parent) => commits.has(parent));
    waiting.set(commit.sha, parents.length);
    for (const parent of parents) children.set(parent, [...(children.get(parent) ?? []), commit.sha]);
  }
  const time = (sha: Sha) => at(sha) ?? commits.get(sha)!.author.timestamp * 1000;
  const before = (a: Sha, b: Sha) => time(a) - time(b) || (a < b ? -1 : a > b ? 1 : 0);
  const ready = [...waiting].filter(([, count]) => count === 0).map(([sha]) => sha);
  const ordered: T[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => before(b, a));
    const sha = ready.pop()!;
    const item = pick(sha);
    if (item) ordered.push(item);
    for (const child of children.get(sha) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return ordered;
}
