import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import git from 'isomorphic-git';
import { NotFoundError, RefRaceError, StateError, UsageError, toStorageError, type GitIdentity, type RefUpdate, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { acquireLockFile, type LockFile } from './acquire-lock-file.js';
import { completeTransaction } from './complete-transaction.js';
import { defaultActor } from './default-actor.js';
import { injectFault, type FaultHook } from './inject-fault.js';
import { InjectedFault } from './injected-fault.js';
import { isValidRefName } from './is-valid-ref-name.js';
import { listWorktrees } from './list-worktrees.js';
import { lockMarker } from './lock-marker.js';
import { planWorktreeSync, type WorktreeSyncPlan } from './plan-worktree-sync.js';
import { readPackedRefs } from './read-packed-refs.js';
import { readRawRef } from './read-raw-ref.js';
import { recoverTransactions } from './recover-transactions.js';
import type { JournalUpdate, JournalWorktree, TransactionJournal } from './transaction-journal.js';
import { writeJournal } from './write-journal.js';

/**
 * Options of {@link updateRefs}.
 *
 * @example
 * ```ts
 * await updateRefs({ repo, updates: [{ ref: 'refs/heads/env/test', expected: oldTip, next: newTip }], message: 'relctl: rebuild test' });
 * ```
 */
export interface UpdateRefsOptions {
  repo: Repository;
  /** Each ref once; `expected`/`next` `null` mean absent (create / delete). */
  updates: RefUpdate[];
  /** Reflog message (collapsed to one line in the reflog). */
  message: string;
  /** Who the reflog names; default: the repository's committer identity, at the current time. */
  actor?: GitIdentity;
  /** Test hook called at every fault point (see `injectFault`); throw `InjectedFault` to simulate a crash. */
  faultHook?: FaultHook;
}

/**
 * What {@link updateRefs} did.
 *
 * @example
 * ```ts
 * const { id, moved, worktrees }: UpdateRefsResult = await updateRefs({ repo, updates, message: 'relctl: promote A to prod' });
 * console.log(moved.map((update) => update.ref), worktrees); // ['refs/heads/main'] ['/work/app']
 * ```
 */
export interface UpdateRefsResult {
  /** The transaction's journal id (`''` when nothing had to move). */
  id: string;
  /** The refs that moved, sorted by name (updates whose `expected` equals `next` only verify). */
  moved: JournalUpdate[];
  /** Roots of the worktrees whose checked-out branch moved and that were brought along. */
  worktrees: string[];
}

/**
 * Move refs as ONE compare-and-swap transaction, with git's lock protocol so it interoperates
 * with a concurrent `git`. First, transactions an earlier process left behind when it died are
 * settled (`recoverTransactions`: rolled forward or back) — so also with no `updates` at all.
 * Then: validate names, write a `locking` journal naming the locks to be taken, lock every
 * `<commonDir>/<ref>.lock` (sorted, O_EXCL, each holding the transaction's marker;
 * an existing lock is another process → `StateError`), read each ref under its lock (loose file
 * first, then `packed-refs`) and compare with `expected` (mismatch → `RefRaceError`, every lock
 * released, nothing moved). A moved branch checked out in a worktree must be clean where the
 * two commits differ (else `StateError` before anything moves). Then the new values go into the
 * locks, a journal is fsynced (`<commonDir>/relctl/journal/<id>.json`), worktrees are brought
 * along (`reset --keep` semantics), deleted refs leave `packed-refs`, locks are renamed into place,
 * reflogs appended as git does (`core.logAllRefUpdates`, plus `HEAD`'s log when its branch moves),
 * and the journal is deleted. A crash after the journal is finished by `recoverTransactions`; a
 * crash while locking leaves marked locks that it removes. A refused transaction removes its
 * locks and journal.
 *
 * @example
 * ```ts
 * await updateRefs({
 *   repo,
 *   updates: [
 *     { ref: 'refs/heads/main', expected: oldMain, next: newMain },
 *     { ref: 'refs/tags/v1.4.0', expected: null, next: tagId },
 *   ],
 *   message: 'relctl: promote A, B to prod',
 * });
 * ```
 */
export async function updateRefs(options: UpdateRefsOptions): Promise<UpdateRefsResult> {
  const { repo, message, faultHook: hook } = options;
  const updates = validate(repo, options.updates);
  await recoverTransactions({ repo, skipCurrentProcess: true });
  if (updates.length === 0) return { id: '', moved: [], worktrees: [] };
  await verifyObjects(repo, updates);
  const actor = options.actor ?? (await defaultActor({ repo }));

  const createdAt = Date.now();
  const id = `${createdAt}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const marker = lockMarker({ id });
  const deletes = updates.some((u) => u.next === null && u.expected !== null);
  const indexLocks = (await listWorktrees({ repo })).map((wt) => join(wt.gitdir, 'index.lock'));
  const intent: TransactionJournal = {
    version: 1,
    phase: 'locking',
    locks: [...updates.map((u) => join(repo.commonDir, `${u.ref}.lock`)), ...(deletes ? [join(repo.commonDir, 'packed-refs.lock')] : []), ...indexLocks],
    id,
    pid: process.pid,
    hostname: hostname(),
    createdAt,
    message,
    actor,
    updates: updates.filter((u) => u.expected !== u.next).map((u) => ({ ref: u.ref, old: u.expected, new: u.next })),
    packedRefsLocked: false,
    worktrees: [],
    headLogs: [],
  };
  let journalPath = await writeJournal({ repo, journal: intent });

  const locks = new Map<string, LockFile>();
  const extraLocks: LockFile[] = [];
  let journal: TransactionJournal;
  const plans = new Map<string, WorktreeSyncPlan>();
  try {
    for (const update of updates) {
      locks.set(update.ref, await acquireLockFile({ fs: repo.fs, path: join(repo.commonDir, `${update.ref}.lock`), what: update.ref, content: marker }));
    }
    const packedLock = deletes ? await acquireLockFile({ fs: repo.fs, path: join(repo.commonDir, 'packed-refs.lock'), what: 'packed-refs', content: marker }) : null;
    if (packedLock) extraLocks.push(packedLock);
    await injectFault({ point: 'tx:after-lock', hook });

    const packed = await readPackedRefs({ repo, fresh: true });
    const mismatches: Array<{ ref: string; expected: Sha | null; actual: Sha | null }> = [];
    for (const update of updates) {
      const raw = await readRawRef({ repo, ref: update.ref, packed });
      if (raw?.kind === 'symbolic') {
        throw new StateError(`${update.ref} is a symbolic ref (to ${raw.target}); move the ref it points to instead.`, {
          ref: update.ref,
          target: raw.target,
        });
      }
      const actual = raw?.sha ?? null;
      if (actual !== update.expected) mismatches.push({ ref: update.ref, expected: update.expected, actual });
    }
    const first = mismatches[0];
    if (first) {
      throw new RefRaceError(
        `${first.ref} is at ${first.actual ?? '(absent)'} but ${first.expected ?? '(absent)'} was expected: another process moved it; rerun to plan again from the new state.`,
        { ref: first.ref, expected: first.expected, actual: first.actual, mismatches },
      );
    }
    const moves: JournalUpdate[] = updates.filter((u) => u.expected !== u.next).map((u) => ({ ref: u.ref, old: u.expected, new: u.next }));
    await checkNameConflicts(repo, moves, packed);

    const worktrees: JournalWorktree[] = [];
    for (const wt of await listWorktrees({ repo })) {
      const move = moves.find((m) => m.ref === wt.branch || m.ref === wt.operationRef);
      if (!move) continue;
      const where = wt.name === 'main' ? `the worktree ${wt.dir}` : `the linked worktree ${wt.dir}`;
      const data = { ref: move.ref, worktree: wt.dir };
      if (wt.operation) {
        throw new StateError(`${move.ref} is checked out in ${where}, where a ${wt.operation} is in progress; finish or abort it there, then rerun.`, data);
      }
      if (move.new === null) {
        throw new StateError(`cannot delete ${move.ref}: it is checked out in ${where}; switch that worktree to another branch first.`, data);
      }
      if (move.old === null) {
        throw new StateError(`cannot create ${move.ref}: it is the unborn branch checked out in ${where}; commit there or switch it to another branch first.`, data);
      }
      if (repo.objectFormat === 'sha256') {
        throw new StateError(`${move.ref} is checked out in ${where} and this SHA-256 repository cannot be updated by isomorphic-git; use the system git port.`, data);
      }
      extraLocks.push(await acquireLockFile({ fs: repo.fs, path: join(wt.gitdir, 'index.lock'), what: `the index of ${where}`, content: marker }));
      const entry: JournalWorktree = { name: wt.name, dir: wt.dir, gitdir: wt.gitdir, ref: move.ref, old: move.old, new: move.new };
      const plan = await planWorktreeSync({ repo, worktree: entry, from: move.old, to: move.new, accept: 'from' });
      if (plan.blocked.length > 0) {
        const shown = plan.blocked.slice(0, 3).join(', ') + (plan.blocked.length > 3 ? `, … (${plan.blocked.length} paths)` : '');
        throw new StateError(`${move.ref} is checked out in ${where}, which has local changes in ${shown}; commit or stash them there, then rerun.`, {
          ...data,
          paths: plan.blocked,
        });
      }
      if (plan.unsupported.length > 0) {
        throw new StateError(
          `${move.ref} is checked out in ${where} and the move changes submodules (${plan.unsupported.slice(0, 3).join(', ')}); check out another branch there, then rerun.`,
          {
            ...data,
            paths: plan.unsupported,
          },
        );
      }
      plans.set(wt.gitdir, plan);
      worktrees.push(entry);
    }

    const head = await readRawRef({ repo, ref: 'HEAD' });
    const headLogs = head?.kind === 'symbolic' && moves.some((m) => m.ref === head.target && m.new !== null) ? [{ ref: head.target, path: join(repo.gitdir, 'logs', 'HEAD') }] : [];

    // The compare happened with every lock held; refs that only verify are released now.
    for (const update of updates) {
      if (update.expected === update.next) {
        await locks.get(update.ref)?.release();
        locks.delete(update.ref);
      }
    }
    const packedRefsLocked = packedLock !== null && moves.some((m) => m.new === null && packed.has(m.ref));
    if (packedLock && !packedRefsLocked) {
      await packedLock.release();
      extraLocks.splice(extraLocks.indexOf(packedLock), 1);
    }
    if (moves.length === 0) {
      await releaseAll(locks, extraLocks);
      await repo.fs.promises.rm(journalPath, { force: true });
      return { id: '', moved: [], worktrees: [] };
    }
    for (const move of moves) await locks.get(move.ref)?.write(move.new === null ? '' : `${move.new}\n`);
    await injectFault({ point: 'tx:after-prepare', hook });

    // The commit point: the journal now says "roll forward".
    journal = { version: 1, id, pid: process.pid, hostname: hostname(), createdAt, message, actor, updates: moves, packedRefsLocked, worktrees, headLogs };
    journalPath = await writeJournal({ repo, journal });
    for (const lock of [...locks.values(), ...extraLocks]) await lock.close();
  } catch (error) {
    if (!(error instanceof InjectedFault)) {
      await releaseAll(locks, extraLocks);
      await repo.fs.promises.rm(journalPath, { force: true });
    }
    throw error;
  }

  try {
    await injectFault({ point: 'tx:after-journal', hook });
    await completeTransaction({ repo, journal, journalPath, replay: false, plans, faultHook: hook });
  } catch (error) {
    if (error instanceof InjectedFault) throw error;
    // A full disk (or one that went read-only) after the commit point: the refs are moving, the
    // journal finishes them once the cause is fixed.
    const storage = toStorageError(error, { refsMoved: true, ...(repo.dir ? { root: repo.dir } : {}), next: 'run `relctl doctor`' });
    if (storage) throw storage;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StateError(`ref transaction ${journal.id} stopped half way (${reason}); run "relctl doctor" to finish it (its journal and locks are kept).`, {
      id: journal.id,
      refs: journal.updates.map((u) => u.ref),
      refsMoved: true,
    });
  }
  return { id: journal.id, moved: journal.updates, worktrees: journal.worktrees.map((w) => w.dir) };
}

function validate(repo: Repository, updates: RefUpdate[]): RefUpdate[] {
  const idPattern = repo.objectFormat === 'sha256' ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{40}$/;
  const seen = new Set<string>();
  for (const update of updates) {
    if (!isValidRefName({ ref: update.ref }) || /^refs\/(worktree|bisect|rewritten)\//.test(update.ref)) {
      throw new UsageError(`cannot update ${JSON.stringify(update.ref)}: pass a valid full ref name under refs/ (e.g. refs/heads/main).`, {
        ref: update.ref,
      });
    }
    if (seen.has(update.ref)) {
      throw new UsageError(`${update.ref} appears twice in one transaction; move each ref once.`, { ref: update.ref });
    }
    seen.add(update.ref);
    for (const value of [update.expected, update.next]) {
      if (value !== null && !idPattern.test(value)) {
        throw new UsageError(`invalid object id ${JSON.stringify(value)} for ${update.ref}; pass a full lowercase hexadecimal id.`, {
          ref: update.ref,
        });
      }
    }
  }
  const sorted = [...updates].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const live = sorted.filter((u) => u.next !== null);
  for (const a of live) {
    const clash = live.find((b) => b.ref.startsWith(`${a.ref}/`));
    if (clash) {
      throw new UsageError(`${a.ref} and ${clash.ref} cannot both exist (one is a folder of the other); keep only one of them.`, {
        ref: a.ref,
        other: clash.ref,
      });
    }
  }
  return sorted;
}

async function verifyObjects(repo: Repository, updates: RefUpdate[]): Promise<void> {
  if (repo.objectFormat !== 'sha1') return;
  for (const update of updates) {
    if (update.next === null || update.next === update.expected) continue;
    let type: string;
    try {
      const object = await git.readObject({ fs: repo.fs, gitdir: repo.commonDir, cache: repo.cache, oid: update.next, format: 'content' });
      type = object.type;
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') {
        throw new NotFoundError(`cannot move ${update.ref} to ${update.next}: no such object in this repository; write or fetch it first.`, {
          ref: update.ref,
          sha: update.next,
        });
      }
      throw error;
    }
    if (update.ref.startsWith('refs/heads/') && type !== 'commit') {
      throw new UsageError(`cannot point branch ${update.ref} at ${update.next}, which is a ${type}, not a commit.`, {
        ref: update.ref,
        sha: update.next,
        type,
      });
    }
  }
}

/** A ref cannot be created where another ref is its folder (`refs/heads/a` vs `refs/heads/a/b`), as in git. */
async function checkNameConflicts(repo: Repository, moves: JournalUpdate[], packed: ReadonlyMap<string, Sha>): Promise<void> {
  for (const move of moves) {
    if (move.old !== null || move.new === null) continue;
    const parts = move.ref.split('/');
    for (let k = 2; k < parts.length; k++) {
      const parent = parts.slice(0, k).join('/');
      const stat = await repo.fs.promises.lstat(join(repo.commonDir, parent)).catch(() => null);
      if (stat?.isFile() || packed.has(parent)) throw conflict(move.ref, parent);
    }
    const below = [...packed.keys()].find((name) => name.startsWith(`${move.ref}/`)) ?? (await firstFileBelow(repo, join(repo.commonDir, move.ref), move.ref));
    if (below) throw conflict(move.ref, below);
  }
}

function conflict(ref: string, other: string): StateError {
  return new StateError(`cannot create ${ref}: ${other} exists and git cannot have both; delete or rename ${other} first.`, { ref, other });
}

async function firstFileBelow(repo: Repository, path: string, name: string): Promise<string | null> {
  const stat = await repo.fs.promises.lstat(path).catch(() => null);
  if (!stat?.isDirectory()) return null;
  for (const entry of (await repo.fs.promises.readdir(path)).sort()) {
    const child = join(path, entry);
    const childName = `${name}/${entry.replace(/\.lock$/, '')}`;
    if ((await repo.fs.promises.lstat(child)).isDirectory()) {
      const found = await firstFileBelow(repo, child, childName);
      if (found) return found;
    } else return childName;
  }
  return null;
}

async function releaseAll(locks: Map<string, LockFile>, extra: LockFile[]): Promise<void> {
  for (const lock of [...extra].reverse()) await lock.release().catch(() => undefined);
  for (const lock of [...locks.values()].reverse()) await lock.release().catch(() => undefined);
  locks.clear();
  extra.length = 0;
}
