import { RemoteRaceError, StateError, type RefUpdate } from '@relctl/core';
import git, { type HttpClient } from 'isomorphic-git';
import { recoverTransactions, updateRefs } from '../refs/index.js';
import type { Repository } from '../repo/index.js';
import { hasObject } from './has-object.js';
import type { RemoteSession } from './open-remote-session.js';
import { remoteTrackingRef } from './remote-tracking-ref.js';

/** Options of {@link fetchOverHttp}. */
export interface FetchOverHttpOptions {
  repo: Repository;
  http: HttpClient;
  session: RemoteSession;
  /** Rounds of list → download → verify before giving up on a remote that keeps moving. Default 3. */
  attempts?: number;
}

/** A ref of the remote and where its copy goes locally. */
interface Wanted {
  ref: string;
  oid: string;
  local: string;
}

/**
 * Fetch `refs/heads/*`, `refs/tags/*` and `refs/relctl/*` of the session's remote over smart
 * HTTP with isomorphic-git, then set the local copies (see {@link remoteTrackingRef}).
 *
 * isomorphic-git's `fetch` takes all branches (and tags) plus ONE other named ref per call,
 * writes ref names through the configured `remote.<name>.fetch` refspec, and does so BEFORE the
 * pack has arrived. So this function: lists the remote's refs itself; downloads objects with one
 * call for all branches and tags (plus the first `refs/relctl/*` ref whose objects are missing)
 * and one more call for each further missing `refs/relctl/*` ref; restores the refs under
 * `refs/remotes/<remote>/` and the tag list if a download fails midway; and only when every
 * listed object is present, writes the tracking refs from its own listing: branch and relctl
 * copies are set (forced) and pruned when gone from the remote; tags are set to the remote's
 * value (the remote wins a clash, as with `git fetch --tags --force`) and local-only tags are
 * kept. This is the mapping of the system-git backend's fetch. Those writes are ONE
 * compare-and-swap `updateRefs` transaction (git's lock protocol, reflog `relctl: fetch <remote>`).
 *
 * Ref transactions a killed relctl left behind are settled first (`recoverTransactions`), since
 * they may have been moving these very refs.
 *
 * Limits: isomorphic-git's own early writes (through the user's refspec, so normally the same
 * `refs/remotes/<remote>/*` names) take no lock and leave no reflog; with a custom refspec that
 * writes outside `refs/remotes/<remote>/`, those refs are neither restored nor pruned.
 * `url.*.insteadOf` and `http.extraHeader` from the git config are not honoured (the token comes
 * from the environment). Each round costs one ref listing, plus one upload-pack negotiation
 * when anything is missing and one more per further missing `refs/relctl/*` ref.
 *
 * @example
 * ```ts
 * await fetchOverHttp({ repo, http, session: await openRemoteSession({ repo, remote: 'origin', purpose: 'fetch', env }) });
 * ```
 */
export async function fetchOverHttp(options: FetchOverHttpOptions): Promise<void> {
  const { repo, session } = options;
  const attempts = options.attempts ?? 3;
  // The tracking refs are read, then moved by compare-and-swap: settle first what a killed fetch
  // or push left half moved, or the transaction would settle it after the read and see a race.
  await recoverTransactions({ repo, skipCurrentProcess: true });
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const wanted = await listWanted(options);
    let missing = await filterMissing(repo, wanted);
    if (missing.length > 0) {
      await download(options, missing);
      missing = await filterMissing(repo, missing);
    }
    if (missing.length === 0) {
      await applyTracking(repo, session.remote, wanted);
      return;
    }
  }
  throw new RemoteRaceError(
    `remote "${session.remote}" (${session.displayUrl}) kept changing while relctl fetched it (${attempts} tries); wait for the other pushes to finish and fetch again.`,
    { remote: session.remote, url: session.displayUrl, attempts },
  );
}

async function listWanted(options: FetchOverHttpOptions): Promise<Wanted[]> {
  const { http, session } = options;
  let listed: { ref: string; oid: string }[];
  try {
    listed = await git.listServerRefs({
      http,
      url: session.url,
      onAuth: session.onAuth,
      onAuthFailure: session.onAuthFailure,
      protocolVersion: 2,
    });
  } catch (error) {
    throw session.toError(error, 'list the refs of');
  }
  const wanted: Wanted[] = [];
  for (const { ref, oid } of listed) {
    const local = remoteTrackingRef({ remote: session.remote, ref });
    if (local === null) continue;
    if (ref === 'refs/heads/relctl' || ref.startsWith('refs/heads/relctl/')) {
      throw new StateError(
        `remote "${session.remote}" has a branch "${ref.slice('refs/heads/'.length)}", whose copy would clash with relctl's own refs under refs/remotes/${session.remote}/relctl/; rename that branch on the remote.`,
        { remote: session.remote, ref },
      );
    }
    wanted.push({ ref, oid, local });
  }
  return wanted;
}

async function filterMissing(repo: Repository, wanted: readonly Wanted[]): Promise<Wanted[]> {
  const missing: Wanted[] = [];
  const known = new Map<string, boolean>();
  for (const entry of wanted) {
    let present = known.get(entry.oid);
    if (present === undefined) {
      present = await hasObject({ repo, oid: entry.oid });
      known.set(entry.oid, present);
    }
    if (!present) missing.push(entry);
  }
  return missing;
}

/** Download the objects of `missing`, undoing isomorphic-git's early ref writes if it fails. */
async function download(options: FetchOverHttpOptions, missing: readonly Wanted[]): Promise<void> {
  const { repo, http, session } = options;
  const relctl = missing.filter((entry) => entry.ref.startsWith('refs/relctl/'));
  const first = relctl[0] ?? missing[0];
  if (!first) return;
  const before = await snapshot(repo, session.remote);
  const call = (ref: string, tags: boolean) =>
    git.fetch({
      fs: repo.fs,
      http,
      gitdir: repo.commonDir,
      cache: repo.cache,
      url: session.url,
      remote: session.remote,
      ref,
      remoteRef: ref,
      singleBranch: false,
      tags,
      onAuth: session.onAuth,
      onAuthFailure: session.onAuthFailure,
    });
  try {
    // All branches and tags, plus `first` (a relctl ref when one is missing).
    await call(first.ref, true);
    for (const entry of relctl.slice(1)) {
      if (!(await hasObject({ repo, oid: entry.oid }))) await call(entry.ref, false);
    }
  } catch (error) {
    await restore(repo, session.remote, before);
    throw session.toError(error, 'fetch from');
  }
}

interface Snapshot {
  tracking: Map<string, string>;
  hadHead: boolean;
  tags: Set<string>;
}

async function snapshot(repo: Repository, remote: string): Promise<Snapshot> {
  const tracking = new Map<string, string>();
  let hadHead = false;
  for (const [ref, oid] of await readTracking(repo, remote)) {
    if (ref === `refs/remotes/${remote}/HEAD`) hadHead = true;
    else tracking.set(ref, oid);
  }
  const tags = new Set(await git.listTags({ fs: repo.fs, gitdir: repo.commonDir }));
  return { tracking, hadHead, tags };
}

async function restore(repo: Repository, remote: string, before: Snapshot): Promise<void> {
  const { fs, commonDir: gitdir } = repo;
  for (const [ref, oid] of await readTracking(repo, remote)) {
    if (ref === `refs/remotes/${remote}/HEAD`) {
      if (!before.hadHead) await git.deleteRef({ fs, gitdir, ref });
      continue;
    }
    const old = before.tracking.get(ref);
    if (old === undefined) await git.deleteRef({ fs, gitdir, ref });
    else if (old !== oid) await git.writeRef({ fs, gitdir, ref, value: old, force: true });
  }
  for (const tag of await git.listTags({ fs, gitdir })) {
    if (!before.tags.has(tag)) await git.deleteRef({ fs, gitdir, ref: `refs/tags/${tag}` });
  }
}

/** Refs under `refs/remotes/<remote>/` with their values (`HEAD` included, unresolved values skipped). */
async function readTracking(repo: Repository, remote: string): Promise<Map<string, string>> {
  const { fs, commonDir: gitdir } = repo;
  const prefix = `refs/remotes/${remote}`;
  const values = new Map<string, string>();
  for (const name of await git.listRefs({ fs, gitdir, filepath: prefix })) {
    const ref = `${prefix}/${name}`;
    try {
      values.set(ref, await git.resolveRef({ fs, gitdir, ref }));
    } catch {
      // A dangling symbolic ref (HEAD pointing at a branch not fetched yet): nothing to keep.
      if (name === 'HEAD') values.set(ref, '');
    }
  }
  return values;
}

/** Set the local copies to `wanted` in one compare-and-swap ref transaction (git's lock protocol, reflogs). */
async function applyTracking(repo: Repository, remote: string, wanted: readonly Wanted[]): Promise<void> {
  const { fs, commonDir: gitdir } = repo;
  const current = await readTracking(repo, remote);
  const keep = new Set<string>([`refs/remotes/${remote}/HEAD`]);
  const updates: RefUpdate[] = [];
  for (const { local, oid } of wanted) {
    if (local.startsWith('refs/tags/')) {
      const mine = await git.resolveRef({ fs, gitdir, ref: local, depth: 1 }).catch(() => null);
      if (mine !== oid) updates.push({ ref: local, expected: mine, next: oid });
      continue;
    }
    keep.add(local);
    const mine = current.get(local) ?? null;
    if (mine !== oid) updates.push({ ref: local, expected: mine, next: oid });
  }
  for (const [ref, oid] of current) {
    if (!keep.has(ref)) updates.push({ ref, expected: oid, next: null });
  }
  if (updates.length > 0) await updateRefs({ repo, updates, message: `relctl: fetch ${remote}` });
}
