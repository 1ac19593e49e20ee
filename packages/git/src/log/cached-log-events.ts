import { join } from 'node:path';
import type { AuditEvent, CommitInfo, Sha } from '@relctl/core';
import { openHistory } from '../history/open-history.js';
import { parseCommit } from '../history/parse-commit.js';
import type { Repository } from '../repo/repository.js';

/** Options of {@link cachedLogEvents}. */
export interface CachedLogEventsOptions {
  repo: Repository;
  /** The log's tip now. */
  tip: Sha;
  /** Every event of the log at `tip`, read the long way (the cache is rebuilt from it). */
  readAll: () => Promise<AuditEvent[]>;
  /** The event of one single-parent log commit (throws when it is not one). */
  decode: (commit: CommitInfo) => AuditEvent;
}

/** `<commonDir>/relctl/audit-log-cache.json`: the decoded events of the log at one tip. */
const CACHE_VERSION = 1;
/** A log that moved by more commits than this since the cache is read the long way. */
const MAX_NEW = 2_000;

interface CacheFile {
  version: number;
  tip: Sha;
  events: AuditEvent[];
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
export async function cachedLogEvents(options: CachedLogEventsOptions): Promise<AuditEvent[]> {
  const { repo, tip } = options;
  const file = join(repo.commonDir, 'relctl', 'audit-log-cache.json');
  const cached = load(repo, file);
  if (cached?.tip === tip) return cached.events;
  const events = (cached && extend(repo, cached, tip, options.decode)) ?? (await options.readAll());
  save(repo, file, { version: CACHE_VERSION, tip, events });
  return events;
}

function load(repo: Repository, file: string): CacheFile | null {
  try {
    const parsed = JSON.parse(repo.fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.version !== CACHE_VERSION || typeof parsed.tip !== 'string' || !Array.isArray(parsed.events)) return null;
    return parsed as CacheFile;
  } catch {
    return null;
  }
}

/** The cached events plus those of the commits appended on top of the cached tip, or `null`. */
function extend(repo: Repository, cached: CacheFile, tip: Sha, decode: (commit: CommitInfo) => AuditEvent): AuditEvent[] | null {
  const state = openHistory({ repo });
  try {
    const added: CommitInfo[] = [];
    for (let sha = tip; sha !== cached.tip; ) {
      if (added.length >= MAX_NEW) return null;
      const object = state.store.read(sha);
      if (!object || object.type !== 'commit') return null;
      const commit = parseCommit({ oid: sha, data: object.data });
      if (commit.parents.length !== 1) return null;
      added.push(commit);
      sha = commit.parents[0] as Sha;
    }
    return [...cached.events, ...added.reverse().map(decode)];
  } catch {
    return null; // a malformed event: readAll reports it as it always does
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
