import { RemoteRaceError, StateError, UsageError, type PushUpdate } from '@relctl/core';
import git, { type HttpClient } from 'isomorphic-git';
import { recoverTransactions, updateRefs } from '../refs/index.js';
import type { Repository } from '../repo/index.js';
import { errorCode } from './error-code.js';
import { hasObject } from './has-object.js';
import { pushAtomicOverHttp } from './push-atomic-over-http.js';
import type { RemoteSession } from './open-remote-session.js';
import { remoteTrackingRef } from './remote-tracking-ref.js';

const ZERO = '0000000000000000000000000000000000000000';

/** Options of {@link pushOverHttp}. */
export interface PushOverHttpOptions {
  repo: Repository;
  http: HttpClient;
  session: RemoteSession;
  updates: readonly PushUpdate[];
}

/**
 * Push `updates` with leases over smart HTTP with isomorphic-git.
 *
 * First, ref transactions a killed relctl left behind are settled (`recoverTransactions`): an
 * interrupted push may have been moving the remote-tracking refs, which this push reads and moves.
 *
 * Every lease is first checked against one listing of the remote's refs, so a stale plan pushes
 * nothing. Then, when the server advertises the `atomic` capability (git http-backend, GitHub and
 * most hosts do), all refs go in ONE receive-pack request ({@link pushAtomicOverHttp}): each
 * command carries its lease as the old id and the server moves every ref or none, so a reader of
 * the remote never sees half a push and a lost race leaves the remote as it was.
 *
 * Only a server without `atomic` gets the fallback: isomorphic-git's push, one ref per call, each
 * a compare-and-swap (the pre-push hook compares the value the push discovered with the lease,
 * and the receive-pack command carries it as the old id). NOT atomic across refs: if a later ref
 * loses a race after earlier ones went through, the earlier ones stay pushed and the
 * `RemoteRaceError` lists them in `data.applied` (the failed ref in `data.ref`, the untouched rest
 * in `data.notApplied`). A refusal that moved nothing carries `data.refused: true`.
 *
 * @example
 * ```ts
 * await pushOverHttp({ repo, http, session, updates: [{ ref: 'refs/heads/main', lease: old, next: tip }] });
 * ```
 */
export async function pushOverHttp(options: PushOverHttpOptions): Promise<void> {
  const { repo, http, session } = options;
  const updates = validate(options.updates);
  if (updates.length === 0) return;
  // The remote-tracking refs are read below and then moved by compare-and-swap. A push killed while
  // it moved them left a journal that the transaction would settle only AFTER they were read (and
  // then see its own roll-forward as a race): settle it before anything is read.
  await recoverTransactions({ repo, skipCurrentProcess: true });
  for (const update of updates) {
    if (update.next !== null && update.next !== update.lease && !(await hasObject({ repo, oid: update.next }))) {
      throw new StateError(`cannot push ${update.ref}: commit ${update.next.slice(0, 12)} is not in the local repository; fetch or recreate it, then retry.`, {
        remote: session.remote,
        ref: update.ref,
        next: update.next,
      });
    }
  }

  // (1) Every lease against one listing, before anything is sent.
  let listed: Map<string, string>;
  let atomic = false;
  try {
    const info = await git.getRemoteInfo2({
      http,
      url: session.url,
      forPush: true,
      protocolVersion: 1, // receive-pack speaks no v2 (isomorphic-git's push uses v1 too)
      onAuth: session.onAuth,
      onAuthFailure: session.onAuthFailure,
    });
    listed = new Map((info.refs ?? []).map(({ ref, oid }) => [ref, oid]));
    atomic = info.capabilities['atomic'] === true;
  } catch (error) {
    throw session.toError(error, 'push to');
  }
  const stale = updates.map((update) => ({ ref: update.ref, expected: update.lease, actual: listed.get(update.ref) ?? null })).filter((entry) => entry.expected !== entry.actual);
  if (stale.length > 0) {
    throw new RemoteRaceError(
      `remote "${session.remote}" moved ${stale.map((entry) => entry.ref).join(', ')} since relctl last fetched it; nothing was pushed — fetch and run the command again.`,
      { remote: session.remote, stale, applied: [], notApplied: updates.map((update) => update.ref) },
    );
  }

  // (2) All refs in one atomic request, when the server can (git http-backend, GitHub and most hosts).
  // Refs already at their new value (lease = next: a resumed push) move nothing on the remote, but
  // their local remote-tracking copies are brought up to date with the rest.
  const moving = updates.filter((update) => update.next !== update.lease);
  if (moving.length === 0) {
    await updateTracking(repo, session.remote, updates);
    return;
  }
  if (atomic) {
    await pushAtomicOverHttp({ repo, http, session, updates: moving, listed });
    await updateTracking(repo, session.remote, updates);
    return;
  }

  // (3) Otherwise one compare-and-swap push per ref.
  const applied: string[] = [];
  for (const [index, update] of updates.entries()) {
    if (update.next === update.lease) {
      applied.push(update.ref);
      continue;
    }
    const notApplied = updates.slice(index + 1).map((entry) => entry.ref);
    await pushOne(options, update, applied, notApplied);
    applied.push(update.ref);
  }
  await updateTracking(
    repo,
    session.remote,
    updates.filter((update) => update.next === update.lease),
  );
}

async function pushOne(options: PushOverHttpOptions, update: PushUpdate, applied: readonly string[], notApplied: readonly string[]): Promise<void> {
  const { repo, http, session } = options;
  const { fs, commonDir: gitdir, cache } = repo;
  const expected = update.lease ?? ZERO;
  let seen: string | null = null;
  // isomorphic-git records every successful push as `refs/remotes/<remote>/<name without refs/heads/>`,
  // which for a non-branch is junk such as `refs/remotes/origin/refs/relctl/log`: remember whether that existed.
  const junk = update.ref.startsWith('refs/heads/') ? null : `refs/remotes/${session.remote}/${update.ref}`;
  const junkExisted = junk !== null && (await refExists(repo, junk));
  try {
    await git.push({
      fs,
      http,
      gitdir,
      cache,
      url: session.url,
      remote: session.remote,
      // An object id is accepted as the local side: the pushed value need not be on a local ref.
      ref: update.next ?? expected,
      remoteRef: update.ref,
      delete: update.next === null,
      force: !(await isFastForward(repo, update)),
      onAuth: session.onAuth,
      onAuthFailure: session.onAuthFailure,
      onPrePush: ({ remoteRef }) => {
        seen = remoteRef.oid;
        return seen === expected;
      },
    });
  } catch (error) {
    const code = errorCode(error);
    const lost =
      (code === 'UserCanceledError' && seen !== null && seen !== expected) ||
      code === 'PushRejectedError' ||
      (code === 'GitPushError' && isRaceReason(String((error as { data?: { prettyDetails?: unknown } }).data?.prettyDetails ?? '')));
    if (lost) {
      const actual = seen !== null && seen !== expected ? (seen === ZERO ? null : seen) : undefined;
      throw new RemoteRaceError(
        `another push moved ${update.ref} on remote "${session.remote}" while relctl was pushing${applied.length > 0 ? ` (already pushed: ${applied.join(', ')})` : ''}; fetch and run the command again.`,
        { remote: session.remote, ref: update.ref, expected: update.lease, ...(actual !== undefined ? { actual } : {}), applied: [...applied], notApplied: [...notApplied] },
      );
    }
    if (code === 'GitPushError') {
      const reason = session
        .scrub(String((error as { data?: { prettyDetails?: unknown } }).data?.prettyDetails ?? ''))
        .replace(/\s+/g, ' ')
        .trim();
      throw new StateError(
        `remote "${session.remote}" refused to update ${update.ref} (${reason})${applied.length > 0 ? ` after accepting ${applied.join(', ')}` : ''}; check the branch protection and permissions on the remote.`,
        { remote: session.remote, ref: update.ref, reason, ...(applied.length === 0 ? { refused: true } : {}), applied: [...applied], notApplied: [...notApplied] },
      );
    }
    throw session.toError(error, 'push to');
  }
  // Keep the local copies in step with what the remote now holds.
  if (junk !== null && !junkExisted) await git.deleteRef({ fs, gitdir, ref: junk }).catch(() => undefined);
  const local = remoteTrackingRef({ remote: session.remote, ref: update.ref });
  if (local !== null && !local.startsWith('refs/tags/')) {
    // isomorphic-git already wrote branch copies (raw); this sets relctl copies and records reflogs.
    const mine = await git.resolveRef({ fs, gitdir, ref: local, depth: 1 }).catch(() => null);
    if (mine !== update.next) {
      await updateRefs({ repo, updates: [{ ref: local, expected: mine, next: update.next }], message: `relctl: push ${session.remote}` });
    }
  }
}

/** A receive-pack refusal that means "someone else moved the ref first". */
function isRaceReason(details: string): boolean {
  return /failed to update ref|cannot lock ref|failed to lock|but expected|stale info|fetch first|non-fast-forward/i.test(details);
}

/** After a push: the local copies of the pushed refs (not tags) at their new values, in one transaction. */
async function updateTracking(repo: Repository, remote: string, updates: readonly PushUpdate[]): Promise<void> {
  const moves: Array<{ ref: string; expected: string | null; next: string | null }> = [];
  for (const update of updates) {
    const local = remoteTrackingRef({ remote, ref: update.ref });
    if (local === null || local.startsWith('refs/tags/')) continue;
    const mine = await git.resolveRef({ fs: repo.fs, gitdir: repo.commonDir, ref: local, depth: 1 }).catch(() => null);
    if (mine !== update.next) moves.push({ ref: local, expected: mine, next: update.next });
  }
  if (moves.length > 0) await updateRefs({ repo, updates: moves, message: `relctl: push ${remote}` });
}

async function isFastForward(repo: Repository, update: PushUpdate): Promise<boolean> {
  if (update.lease === null || update.next === null) return true; // create or delete: nothing to force
  if (update.ref.startsWith('refs/tags/')) return false; // moving a tag always needs force
  try {
    return await git.isDescendent({
      fs: repo.fs,
      gitdir: repo.commonDir,
      cache: repo.cache,
      oid: update.next,
      ancestor: update.lease,
      depth: -1,
    });
  } catch {
    return false; // the leased commit is not local: the lease check has to stand in for ancestry
  }
}

async function refExists(repo: Repository, ref: string): Promise<boolean> {
  try {
    await git.resolveRef({ fs: repo.fs, gitdir: repo.commonDir, ref, depth: 1 });
    return true;
  } catch {
    return false;
  }
}

function validate(updates: readonly PushUpdate[]): PushUpdate[] {
  const seen = new Set<string>();
  for (const update of updates) {
    const bad = (what: string) => new UsageError(`cannot push ${JSON.stringify(update.ref)}: ${what}; pass a full ref name and 40-hex object ids.`, { ref: update.ref });
    if (!/^refs\/[^\s~^:?*[\\]+$/.test(update.ref) || update.ref.includes('..') || update.ref.endsWith('/') || update.ref.endsWith('.lock')) {
      throw bad('not a full ref name');
    }
    if (seen.has(update.ref)) throw bad('listed twice');
    seen.add(update.ref);
    for (const value of [update.lease, update.next]) {
      if (value !== null && !/^[0-9a-f]{40}$/.test(value)) throw bad(`${String(value)} is not an object id`);
    }
  }
  // An entry whose `next` equals its lease pushes nothing, but its lease is still checked.
  return [...updates];
}
