import { dirname, join } from 'node:path';
import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { acquireLockFile } from './acquire-lock-file.js';
import { appendReflogEntry } from './append-reflog-entry.js';
import { applyWorktreeSync } from './apply-worktree-sync.js';
import { dropPackedRefs } from './drop-packed-refs.js';
import { fsyncDir } from './fsync-dir.js';
import { injectFault, type FaultHook } from './inject-fault.js';
import { planWorktreeSync, type WorktreeSyncPlan } from './plan-worktree-sync.js';
import { pruneEmptyDirs } from './prune-empty-dirs.js';
import { readPackedRefs } from './read-packed-refs.js';
import { readRawRef } from './read-raw-ref.js';
import { readReflogPolicy } from './read-reflog-policy.js';
import type { TransactionJournal } from './transaction-journal.js';

/** Options of {@link completeTransaction}. */
export interface CompleteTransactionOptions {
  repo: Repository;
  journal: TransactionJournal;
  /** The journal file, deleted at the end. */
  journalPath: string;
  /**
   * `false`: the live transaction that holds every lock. `true`: recovery after a crash — a lock is
   * used only when it still holds the journal's value, a ref already at its new value is left as
   * it is, worktrees may be half updated, and reflog lines are not written twice.
   */
  replay: boolean;
  /** Worktree plans already computed (keyed by git dir), so the live path does not walk twice. */
  plans?: ReadonlyMap<string, WorktreeSyncPlan>;
  faultHook?: FaultHook | undefined;
}

/**
 * The commit phase of a ref transaction whose journal is written: bring checked-out worktrees
 * along, drop deleted refs from `packed-refs`, rename each `<ref>.lock` into place (or delete the
 * loose ref), append reflog entries, release the worktrees' `index.lock`, fsync, delete the
 * journal. Returns notes on anything recovery could not do (a worktree changed by hand since).
 *
 * @example
 * ```ts
 * const notes = await completeTransaction({ repo, journal, journalPath, replay: true });
 * ```
 */
export async function completeTransaction(options: CompleteTransactionOptions): Promise<string[]> {
  const { repo, journal, replay, faultHook: hook } = options;
  const fs = repo.fs.promises;
  const notes: string[] = [];
  const idLength = repo.objectFormat === 'sha256' ? 64 : 40;

  for (const wt of journal.worktrees) {
    if (replay) {
      const head = (await fs.readFile(join(wt.gitdir, 'HEAD'), 'utf8').catch(() => '')).trim();
      if (head !== `ref: ${wt.ref}`) {
        notes.push(`worktree ${wt.dir} no longer has ${wt.ref} checked out; left as it is.`);
        continue;
      }
    }
    const plan = options.plans?.get(wt.gitdir) ?? (await planWorktreeSync({ repo, worktree: wt, from: wt.old, to: wt.new, accept: replay ? 'either' : 'from' }));
    if (plan.blocked.length > 0) {
      notes.push(`worktree ${wt.dir} was changed by hand in ${plan.blocked.slice(0, 3).join(', ')}; bring it to ${wt.new} yourself (e.g. git reset --keep ${wt.new}).`);
      continue;
    }
    await applyWorktreeSync({ repo, plan, faultHook: hook });
  }
  await injectFault({ point: 'tx:after-worktree', hook });

  const deleted = journal.updates.filter((u) => u.new === null).map((u) => u.ref);
  const packedLock = join(repo.commonDir, 'packed-refs.lock');
  if (journal.packedRefsLocked && (await exists(repo, packedLock))) {
    await dropPackedRefs({ repo, refs: deleted });
  } else if (replay && deleted.length > 0) {
    const packed = await readPackedRefs({ repo, fresh: true });
    if (deleted.some((ref) => packed.has(ref))) {
      await acquireLockFile({ fs: repo.fs, path: packedLock, what: 'packed-refs' });
      await dropPackedRefs({ repo, refs: deleted });
    }
  }
  await injectFault({ point: 'tx:after-packed-refs', hook });

  const policy = await readReflogPolicy({ repo });
  const touched = new Set<string>();
  let n = 0;
  for (const update of journal.updates) {
    n += 1;
    const refPath = join(repo.commonDir, update.ref);
    const lockPath = `${refPath}.lock`;
    const lockContent = await fs.readFile(lockPath, 'utf8').catch(() => null);
    const ours = lockContent !== null && lockContent.trim() === (update.new ?? '');
    let done = false;
    if (ours) {
      if (update.new !== null) {
        if ((await fs.lstat(refPath).catch(() => null))?.isDirectory()) await removeEmptyTree(repo, refPath);
        await fs.rename(lockPath, refPath);
      } else {
        await fs.rm(refPath, { force: true });
        await fs.rm(lockPath, { force: true });
        await pruneEmptyDirs({ fs: repo.fs, dir: dirname(refPath), stopAt: join(repo.commonDir, 'refs') });
      }
      touched.add(dirname(refPath));
      done = true;
    } else if (replay) {
      const current = await readRawRef({ repo, ref: update.ref, fresh: true });
      done = (current?.kind === 'direct' ? current.sha : null) === update.new;
      if (!done) notes.push(`${update.ref} was moved by someone else; left at its current value.`);
    } else {
      throw new Error(`lock ${lockPath} no longer holds the new value of ${update.ref}`);
    }
    if (done) await writeLogs(update.ref, update.old, update.new);
    await injectFault({ point: `tx:after-rename:${n}`, hook });
  }

  for (const wt of journal.worktrees) await fs.rm(join(wt.gitdir, 'index.lock'), { force: true });
  for (const dir of touched) await fsyncDir({ fs: repo.fs, dir });
  await injectFault({ point: 'tx:before-journal-delete', hook });
  await fs.rm(options.journalPath, { force: true });
  await fsyncDir({ fs: repo.fs, dir: dirname(options.journalPath) });
  return notes;

  async function writeLogs(ref: string, old: Sha | null, next: Sha | null): Promise<void> {
    if (next === null) {
      const logPath = join(repo.commonDir, 'logs', ref);
      await fs.rm(logPath, { force: true });
      await pruneEmptyDirs({ fs: repo.fs, dir: dirname(logPath), stopAt: join(repo.commonDir, 'logs', 'refs') });
      return;
    }
    const entry = { fs: repo.fs, old, next, actor: journal.actor, message: journal.message, idLength, skipIfLast: replay };
    await appendReflogEntry({ ...entry, path: join(repo.commonDir, 'logs', ref), create: policy.autoCreate(ref) });
    for (const head of journal.headLogs) {
      if (head.ref === ref) await appendReflogEntry({ ...entry, path: head.path, create: policy.autoCreate('HEAD') });
    }
  }
}

async function exists(repo: Repository, path: string): Promise<boolean> {
  return (await repo.fs.promises.lstat(path).catch(() => null)) !== null;
}

/** Remove a folder tree that holds only empty folders (a leftover namespace such as `refs/heads/topic/`). */
async function removeEmptyTree(repo: Repository, path: string): Promise<void> {
  for (const name of await repo.fs.promises.readdir(path)) await removeEmptyTree(repo, join(path, name));
  await repo.fs.promises.rmdir(path);
}
