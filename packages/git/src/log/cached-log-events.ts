import { join } from 'node:path';
import type { AuditEvent, CommitInfo, Sha, SkippedAuditRecord } from '@relctl/core';
import { openHistory } from '../history/open-history.js';
import { parseCommit } from '../history/parse-commit.js';
import type { Repository } from '../repo/repository.js';

/** Options of {@link cachedLogEvents}. */
export interface CachedLogEventsOptions {
  repo: Repository;
  /** The log's tip now. */
  tip: Sha;
  /** Every event of the log at `tip`, read the long way (the cache is rebuilt from it). */
  readAll: () => Promise<LogRecords>;
  /** The event of one single-parent log commit, or why it is none. */
  decode: (commit: CommitInfo) => { event: AuditEvent } | { skipped: SkippedAuditRecord };
}

/** A log's events (oldest first) and the commits on it that are not events. */
export interface LogRecords {
  events: AuditEvent[];
  skipped: SkippedAuditRecord[];
}

/** `<commonDir>/relctl/audit-log-cache.json`: the decoded events of the log at one tip. */
const CACHE_VERSION = 2;
/** A log that moved by more commits than this since the cache is read the long way. */
const MAX_NEW = 2_000;

interface CacheFile {
  version: number;
  tip: Sha;
  events: AuditEvent[];
  /** Commits of the log that are not events (version 2): readers warn about them every time. */
  skipped: SkippedAuditRecord[];
}

/**
 * The audit log's events at `tip`, from a cache of the decoded events in the repository's
 * relctl folder: the same list `readAll` returns, without reading and decoding every log commit
 * on every command (10,000 events: one JSON file instead of 10,000 objects). When the log moved
 * since the cache was written by appends only (a chain of single-parent commits on top of the
 * cached tip, as every relctl command writes), only the new commits are read: each comes after
 * every cached event in the log's order, because it descends from all of them. Anything else (a
 * merged log, a rewritten one, a damaged or missing cache, a read-only repository) falls back to
 * `readAll`; the cache is then rewritten when possible.
 *
 * @example
 * ```ts
 * const events = await cachedLogEvents({ repo, tip, readAll: () => readEvery(tip), decode });
 * ```
 */
export async function cachedLogEvents(options: CachedLogEventsOptions): Promise<LogRecords> {
  const { repo, tip } = options;
  const file = join(repo.commonDir, 'relctl', 'audit-log-cache.json');
  const cached = load(repo, file);
  if (cached?.tip === tip) return { events: cached.events, skipped: cached.skipped };
  const records = (cached && extend(repo, cached, tip, options.decode)) ?? (await options.readAll());
  save(repo, file, { version: CACHE_VERSION, tip, events: records.events, skipped: records.skipped });
  return records;
}

function load(repo: Repository, file: string): CacheFile | null {
  try {
    const parsed = JSON.parse(repo.fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.version !== CACHE_VERSION || typeof parsed.tip !== 'string' || !Array.isArray(parsed.events) || !Array.isArray(parsed.skipped)) return null;
    return parsed as CacheFile;
  } catch {
    return null;
  }
}

/** The cached events plus those of the commits appended on top of the cached tip, or `null`. */
function extend(repo: Repository, cached: CacheFile, tip: Sha, decode: CachedLogEventsOptions['decode']): LogRecords | null {
  const state = openHistory({ repo });
  try {
    const added: CommitInfo[] = [];
    for (let sha = tip; sha !== cached.tip;) {
      if (added.length >= MAX_NEW) return null;
      const object = state.store.read(sha);
      if (!object || object.type !== 'commit') return null;
      const commit = parseCommit({ oid: sha, data: object.data });
      if (commit.parents.length !== 1) return null;
      added.push(commit);
      sha = commit.parents[0] as Sha;
    }
    const events = [...cached.events];
    const skipped = [...cached.skipped];
    for (const record of added.reverse().map(decode)) {
      if ('event' in record) events.push(record.event);
      else skipped.push(record.skipped);
    }
    return { events, skipped };
  } catch {
    return null; // an object this process cannot read: readAll reads the log the long way
  } finally {
    state.store.close();
  }
}

function save(repo: Repository, file: string, content: CacheFile): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    repo.fs.mkdirSync(join(repo.commonDir, 'relctl'), { recursive: true });
    repo.fs.writeFileSync(temporary, JSON.stringify(content));
    repo.fs.renameSync(temporary, file);
  } catch {
    try {
      repo.fs.rmSync(temporary, { force: true });
    } catch {
      // a read-only repository: nothing was written
    }
  }
}
