import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { acquireLockFile, type LockFile } from './acquire-lock-file.js';
import { appendReflogEntry } from './append-reflog-entry.js';
import { applyWorktreeSync } from './apply-worktree-sync.js';
import { completeTransaction } from './complete-transaction.js';
import type { FaultHook } from './inject-fault.js';
import { isTransactionAlive } from './is-transaction-alive.js';
import { lockMarker } from './lock-marker.js';
import { planWorktreeSync } from './plan-worktree-sync.js';
import { pruneEmptyDirs } from './prune-empty-dirs.js';
import { readJournals } from './read-journals.js';
import { readRawRef } from './read-raw-ref.js';
import { readReflogPolicy } from './read-reflog-policy.js';
import type { JournalUpdate, TransactionJournal } from './transaction-journal.js';

/**
 * What {@link recoverTransactions} did with one journal.
 *
 * @example
 * ```ts
 * const [first]: RecoveredTransaction[] = await recoverTransactions({ repo });
 * if (first) console.log(`${first.id}: ${first.action} (${first.message})`); // '…: completed (relctl: promote A to prod)'
 * ```
 */
export interface RecoveredTransaction {
  id: string;
  /**
   * `completed`: rolled forward, every ref now holds its new value. `rolled-back`: its locks had
   * been tampered with, so every ref it had moved was put back. `skipped`: its process still runs.
   */
  action: 'completed' | 'rolled-back' | 'skipped';
  message: string;
  updates: JournalUpdate[];
  /** What could not be done (a ref or worktree changed by someone else since). */
  notes: string[];
}

/**
 * Options of {@link recoverTransactions}.
 *
 * @example
 * ```ts
 * const recovered = await recoverTransactions({ repo, skipCurrentProcess: true });
 * ```
 */
export interface RecoverTransactionsOptions {
  repo: Repository;
  /** Fault hook for crash tests of the recovery itself. */
  faultHook?: FaultHook;
  /**
   * Leave alone the journals this very process started (its transactions in flight); journals
   * with this pid written before the process started (a reused pid) are still settled.
   * `updateRefs` passes `true`.
   */
  skipCurrentProcess?: boolean;
}

/** When this process started, epoch milliseconds (journals of our pid older than this are not ours). */
const PROCESS_START = Date.now() - Math.round(process.uptime() * 1000) - 1000;

/**
 * Finish or undo the ref transactions a crash left behind, so that refs are consistent: all
 * old or all new. The policy is **roll forward**: a journal is written only once every ref is
 * locked with its new value, so recovery completes the transaction (brings the worktrees along,
 * drops deleted refs from `packed-refs`, renames the remaining locks, appends the reflog lines
 * not yet written) whenever each ref either still has its lock holding the journal's new value or
 * already has that value. Only when that is not so — someone deleted a lock by hand — it **rolls
 * back**: locks still holding the journal's value are removed and refs already moved are put back
 * to their old value (compare-and-swap, under a fresh lock). A journal still in its `locking`
 * phase (the process died while taking locks, before anything moved) is rolled back: the locks
 * holding its marker (or the new value it had written) are removed. Only `.lock` files named by the
 * journal are ever removed; a journal whose process still runs on this host is skipped.
 * `updateRefs` runs this first, so the next relctl command that moves refs settles a crash.
 *
 * @example
 * ```ts
 * for (const t of await recoverTransactions({ repo })) console.log(t.id, t.action, t.notes);
 * ```
 */
export async function recoverTransactions({ repo, faultHook, skipCurrentProcess }: RecoverTransactionsOptions): Promise<RecoveredTransaction[]> {
  const results: RecoveredTransaction[] = [];
  for (const { path, journal } of await readJournals({ repo })) {
    const base = { id: journal.id, message: journal.message, updates: journal.updates };
    const mine = journal.pid === process.pid && journal.hostname === hostname() && journal.createdAt >= PROCESS_START;
    if (skipCurrentProcess && mine) continue;
    if (isTransactionAlive({ journal })) {
      results.push({ ...base, action: 'skipped', notes: [`process ${journal.pid} is still running this transaction.`] });
      continue;
    }
    // A commit-phase journal that was being written when the process died is only a temp file.
    await repo.fs.promises.rm(`${path}.tmp`, { force: true });
    if (journal.phase === 'locking') {
      results.push({ ...base, action: 'rolled-back', notes: await releaseLocking(repo, journal, path) });
      continue;
    }
    let forward = true;
    for (const update of journal.updates) {
      const state = await refState(repo, update);
      if (!state.ours && state.current !== update.new) forward = false;
    }
    if (forward) {
      const notes = await completeTransaction({ repo, journal, journalPath: path, replay: true, faultHook });
      results.push({ ...base, action: 'completed', notes });
    } else {
      const notes = await rollBack(repo, journal, path);
      results.push({ ...base, action: 'rolled-back', notes });
    }
  }
  return results;
}

/**
 * A transaction that died while taking its locks moved nothing: remove the locks it had taken
 * (those it named holding its marker, the new value it had already written into a ref's lock, or
 * nothing yet) and the journal. Locks of other processes are left alone.
 */
async function releaseLocking(repo: Repository, journal: TransactionJournal, journalPath: string): Promise<string[]> {
  const fs = repo.fs.promises;
  const marker = lockMarker({ id: journal.id });
  const prepared = new Map(journal.updates.map((u) => [join(repo.commonDir, `${u.ref}.lock`), u.new === null ? '' : `${u.new}\n`]));
  for (const lock of journal.locks ?? []) {
    const content = await fs.readFile(lock, 'utf8').catch(() => null);
    // An empty lock that the dead transaction named is its own too: the kill came between creating
    // the file (O_EXCL) and writing the marker, or between truncating it and writing the new value.
    if (content === null || (content !== '' && content !== marker && content !== prepared.get(lock))) continue;
    await fs.rm(lock, { force: true });
    const refs = join(repo.commonDir, 'refs');
    if (lock.startsWith(`${refs}/`)) await pruneEmptyDirs({ fs: repo.fs, dir: dirname(lock), stopAt: refs });
  }
  await fs.rm(journalPath, { force: true });
  return [];
}

/** The journal's own lock, still on disk after the crash, as a `LockFile`. */
function ownedLock(repo: Repository, path: string): LockFile {
  const fs = repo.fs.promises;
  return {
    path,
    write: (content) => fs.writeFile(path, content),
    commitTo: (target) => fs.rename(path, target),
    close: async () => undefined,
    release: () => fs.rm(path, { force: true }),
  };
}

async function refState(repo: Repository, update: JournalUpdate): Promise<{ ours: boolean; current: Sha | null | 'symbolic' }> {
  const content = await repo.fs.promises.readFile(join(repo.commonDir, `${update.ref}.lock`), 'utf8').catch(() => null);
  const raw = await readRawRef({ repo, ref: update.ref, fresh: true });
  return {
    ours: content !== null && content.trim() === (update.new ?? ''),
    current: raw === null ? null : raw.kind === 'direct' ? raw.sha : 'symbolic',
  };
}

async function rollBack(repo: Repository, journal: TransactionJournal, journalPath: string): Promise<string[]> {
  const fs = repo.fs.promises;
  const notes: string[] = [];
  const policy = await readReflogPolicy({ repo });
  const idLength = repo.objectFormat === 'sha256' ? 64 : 40;
  const restored = new Set<string>();
  for (const update of journal.updates) {
    const refPath = join(repo.commonDir, update.ref);
    const state = await refState(repo, update);
    if (state.ours && state.current === update.old) {
      await fs.rm(`${refPath}.lock`, { force: true });
      await pruneEmptyDirs({ fs: repo.fs, dir: dirname(refPath), stopAt: join(repo.commonDir, 'refs') });
      restored.add(update.ref);
    } else if ((state.ours || state.current === update.new) && update.new !== update.old) {
      // Moved already (a delete takes effect when packed-refs is rewritten, before its lock goes).
      try {
        const lock = state.ours ? ownedLock(repo, `${refPath}.lock`) : await acquireLockFile({ fs: repo.fs, path: `${refPath}.lock`, what: update.ref });
        if (update.old !== null) {
          await lock.write(`${update.old}\n`);
          await lock.commitTo(refPath);
          await appendReflogEntry({
            fs: repo.fs,
            path: join(repo.commonDir, 'logs', update.ref),
            old: update.new,
            next: update.old,
            actor: journal.actor,
            message: `rollback: ${journal.message}`,
            create: policy.autoCreate(update.ref),
            idLength,
          });
        } else {
          await fs.rm(refPath, { force: true });
          await lock.release();
          await fs.rm(join(repo.commonDir, 'logs', update.ref), { force: true });
          await pruneEmptyDirs({ fs: repo.fs, dir: dirname(refPath), stopAt: join(repo.commonDir, 'refs') });
        }
        restored.add(update.ref);
      } catch (error) {
        notes.push(`${update.ref} could not be put back to ${update.old ?? '(absent)'}: ${(error as Error).message}`);
      }
    } else if (state.current === update.old) {
      restored.add(update.ref);
    } else {
      notes.push(`${update.ref} was moved by someone else; left at its current value.`);
    }
  }
  if (journal.packedRefsLocked) await fs.rm(join(repo.commonDir, 'packed-refs.lock'), { force: true });
  for (const wt of journal.worktrees) {
    const head = (await fs.readFile(join(wt.gitdir, 'HEAD'), 'utf8').catch(() => '')).trim();
    if (head === `ref: ${wt.ref}` && restored.has(wt.ref)) {
      const plan = await planWorktreeSync({ repo, worktree: wt, from: wt.new, to: wt.old, accept: 'either' });
      if (plan.blocked.length === 0) await applyWorktreeSync({ repo, plan });
      else notes.push(`worktree ${wt.dir} was changed by hand in ${plan.blocked.slice(0, 3).join(', ')}; bring it back to ${wt.old} yourself.`);
    }
    await fs.rm(join(wt.gitdir, 'index.lock'), { force: true });
  }
  await fs.rm(journalPath, { force: true });
  return notes;
}
