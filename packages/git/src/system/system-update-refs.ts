import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { RefRaceError, StateError, UsageError, toStorageError, type RefUpdate } from '@relctl/core';
import { gitStorageCause } from './git-storage-cause.js';
import { GitCommandError } from './git-command-error.js';
import { runGit } from './run-git.js';

/** Options of {@link systemUpdateRefs}. */
export interface SystemUpdateRefsOptions {
  cwd: string;
  updates: RefUpdate[];
  /** Reflog message. */
  message: string;
  /** Id of the empty tree, written (used when a checked-out unborn branch is created). */
  emptyTree: () => Promise<string>;
  env?: Record<string, string | undefined>;
}

interface Worktree {
  path: string;
  branch: string | null;
}

/** Variables that would point a `git -C <worktree>` child at the wrong repository or index. */
const WORKTREE_ENV = { GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined, GIT_COMMON_DIR: undefined };

/**
 * Move refs as one compare-and-swap transaction with `git update-ref --stdin`
 * (`start`/`prepare`/`commit`; `create` when `expected` is `null`, `delete <ref> <old>` when
 * `next` is `null`, `verify` when both are `null`). If a moved branch is checked out in the main
 * or a linked worktree, that worktree must be clean (tracked files) or nothing moves
 * (`StateError`); after the move it is brought along with `git read-tree -m -u <old> <new>`
 * (what `reset --keep` does), checked beforehand with `--dry-run`. A ref not at its expected
 * value throws `RefRaceError` naming it, and nothing moves.
 *
 * @example
 * ```ts
 * await systemUpdateRefs({ cwd, updates: [{ ref: 'refs/heads/env/test', expected: old, next }], message: 'relctl: rebuild test', emptyTree });
 * ```
 */
export async function systemUpdateRefs(options: SystemUpdateRefsOptions): Promise<void> {
  const { cwd, updates, env } = options;
  if (updates.length === 0) return;
  const seen = new Set<string>();
  for (const update of updates) {
    if (!/^refs\/[^\s\0]+$/.test(update.ref) || seen.has(update.ref)) {
      throw new UsageError(
        seen.has(update.ref)
          ? `ref ${update.ref} appears twice in one transaction; move each ref once.`
          : `cannot update ${JSON.stringify(update.ref)}: pass a full ref name under refs/ (e.g. refs/heads/main).`,
        { ref: update.ref },
      );
    }
    for (const value of [update.expected, update.next]) {
      if (value !== null && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value)) {
        throw new UsageError(`invalid object id ${JSON.stringify(value)} for ${update.ref}; pass a full hexadecimal id.`, { ref: update.ref });
      }
    }
    seen.add(update.ref);
  }
  if (/[\0\n]/.test(options.message)) throw new UsageError('a reflog message must be one line; remove the newline.', {});

  const worktrees = await listWorktrees(cwd, env);
  // A checkout an earlier run left half updated (a full disk) is finished first.
  for (const worktree of worktrees) await finishPendingSync(worktree.path, env);
  const moves: Array<{ worktree: string; from: string; to: string; update: RefUpdate; record: string }> = [];
  for (const update of updates) {
    for (const worktree of worktrees.filter((candidate) => candidate.branch === update.ref)) {
      if (update.next === null) {
        throw new StateError(`cannot delete ${update.ref}: it is checked out in ${worktree.path}; switch that worktree to another branch first.`, {
          ref: update.ref,
          worktree: worktree.path,
        });
      }
      // Not at its expected value: the transaction refuses it (a race, or a continued run whose
      // refs already moved), so there is no checkout to check.
      const at = await runGit({ cwd, args: ['rev-parse', '--verify', '-q', update.ref], env, okExitCodes: [0, 1] });
      if ((at.stdout.toString('utf8').trim() || null) !== update.expected) continue;
      const { stdout } = await runGit({ cwd: worktree.path, args: ['status', '--porcelain', '--untracked-files=no'], env: { ...env, ...WORKTREE_ENV } });
      if (stdout.toString('utf8').trim() !== '') {
        throw new StateError(`${update.ref} is checked out in ${worktree.path}, which has uncommitted changes; commit or stash them there, then re-run.`, {
          ref: update.ref,
          worktree: worktree.path,
        });
      }
      const from = update.expected ?? (await options.emptyTree());
      const check = await runGit({
        cwd: worktree.path,
        args: ['read-tree', '-m', '-u', '-n', from, update.next],
        env: { ...env, ...WORKTREE_ENV },
        okExitCodes: [0, 1, 128],
      });
      if (check.exitCode !== 0) {
        throw new StateError(`cannot bring ${worktree.path} along to ${update.next} (${firstLine(check.stderr)}); clean that worktree, then re-run.`, {
          ref: update.ref,
          worktree: worktree.path,
        });
      }
      moves.push({ worktree: worktree.path, from, to: update.next, update, record: await pendingSyncPath(worktree.path, env) });
    }
  }

  // What to finish if bringing a checkout along fails after the refs moved (written before they
  // move: a full disk refuses here, with nothing moved).
  for (const move of moves) await writePendingSync(move.record, { ref: move.update.ref, from: move.from, to: move.to });
  try {
    await transaction(cwd, updates, options.message, env);
  } catch (error) {
    for (const move of moves) await rm(move.record, { force: true });
    throw error;
  }

  const done: typeof moves = [];
  for (const move of moves) {
    const result = await runGit({
      cwd: move.worktree,
      args: ['read-tree', '-m', '-u', move.from, move.to],
      env: { ...env, ...WORKTREE_ENV },
      // -1: killed by a signal (SIGXFSZ at the file-size limit).
      okExitCodes: [0, 1, 128, -1],
    });
    if (result.exitCode === 0) {
      await rm(move.record, { force: true });
      done.push(move);
      continue;
    }
    const storage = gitStorageCause({ stderr: result.stderr, signal: result.signal });
    if (storage) {
      // A full disk, the file-size limit, a read-only file system: putting files back would fail
      // the same way. The refs stay moved and the record says what to finish once the cause is
      // fixed (the next transaction here, e.g. `relctl continue`, resets the checkout to it). A
      // git killed by a signal left its index.lock: the record says so, for that reset to remove.
      if (result.signal) await writePendingSync(move.record, { ref: move.update.ref, from: move.from, to: move.to, killed: true }).catch(() => undefined);
      const error = toStorageError(Object.assign(new Error(storage.message), { path: `the checkout ${move.worktree}`, ...storage }), { refsMoved: true, root: move.worktree });
      if (error) throw error;
    }
    // The worktree changed under us: put refs and the worktrees already moved back, then refuse.
    for (const back of done) {
      await runGit({ cwd: back.worktree, args: ['read-tree', '-m', '-u', back.to, back.from], env: { ...env, ...WORKTREE_ENV }, okExitCodes: [0, 1, 128] });
    }
    const rolledBack = await transaction(
      cwd,
      updates.map((update) => ({ ref: update.ref, expected: update.next, next: update.expected })),
      `${options.message} (rolled back)`,
      env,
    ).then(
      () => true,
      () => false,
    );
    for (const pending of moves) await rm(pending.record, { force: true }).catch(() => undefined);
    const data = { ref: move.update.ref, worktree: move.worktree, refsMoved: !rolledBack };
    if (!rolledBack) {
      throw new StateError(
        `${move.worktree} could not be brought along to ${move.update.ref}'s new commit (${firstLine(result.stderr)}) and the refs could not be put back; run \`relctl doctor\`, then \`relctl continue\` or \`relctl undo\`.`,
        data,
      );
    }
    throw new StateError(`${move.worktree} changed while relctl moved ${move.update.ref} (${firstLine(result.stderr)}); nothing was moved — clean that worktree and re-run.`, data);
  }
}

/** A checkout to finish: the branch it has checked out moved from `from` to `to`. */
interface PendingSync {
  ref: string;
  from: string;
  to: string;
  /** The `read-tree` bringing it along was killed (a signal): the `index.lock` it left is relctl's. */
  killed?: boolean;
}

/** Where the pending sync of a worktree is recorded: `<its git dir>/relctl-worktree-sync.json`. */
async function pendingSyncPath(worktree: string, env: Record<string, string | undefined> | undefined): Promise<string> {
  const { stdout } = await runGit({ cwd: worktree, args: ['rev-parse', '--git-path', 'relctl-worktree-sync.json'], env: { ...env, ...WORKTREE_ENV } });
  const path = stdout.toString('utf8').trim();
  return isAbsolute(path) ? path : join(worktree, path);
}

async function writePendingSync(path: string, record: PendingSync): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(record)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Finish a checkout an earlier transaction left half updated (its refs moved, then writing the
 * files failed: a full disk, the file-size limit): reset the worktree's tracked files and index to
 * the commit its branch is at, when that is the recorded old or new commit. The worktree was
 * clean before the transaction (it is checked), so only relctl's half-written files are replaced.
 */
async function finishPendingSync(worktree: string, env: Record<string, string | undefined> | undefined): Promise<void> {
  const path = await pendingSyncPath(worktree, env);
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return;
  let record: PendingSync;
  try {
    record = JSON.parse(text) as PendingSync;
  } catch {
    await rm(path, { force: true });
    return;
  }
  const gitEnv = { ...env, ...WORKTREE_ENV };
  const at = await runGit({ cwd: worktree, args: ['rev-parse', '--verify', '-q', record.ref], env: gitEnv, okExitCodes: [0, 1] });
  const tip = at.stdout.toString('utf8').trim();
  if (record.killed) {
    const lock = await runGit({ cwd: worktree, args: ['rev-parse', '--git-path', 'index.lock'], env: gitEnv });
    const lockPath = lock.stdout.toString('utf8').trim();
    await rm(isAbsolute(lockPath) ? lockPath : join(worktree, lockPath), { force: true });
  }
  if (tip === record.to || tip === record.from) {
    await runGit({ cwd: worktree, args: ['read-tree', '--reset', '-u', tip], env: gitEnv });
  }
  await rm(path, { force: true });
}

async function transaction(cwd: string, updates: RefUpdate[], message: string, env: Record<string, string | undefined> | undefined) {
  const lines = ['start'];
  for (const { ref, expected, next } of updates) {
    if (next === null) lines.push(expected === null ? `verify ${ref}` : `delete ${ref} ${expected}`);
    else lines.push(expected === null ? `create ${ref} ${next}` : `update ${ref} ${next} ${expected}`);
  }
  lines.push('prepare', 'commit');
  const result = await runGit({ cwd, args: ['update-ref', '-m', message, '--stdin'], input: `${lines.join('\n')}\n`, env, okExitCodes: [0, 1, 128] });
  if (result.exitCode === 0) return;
  const refs = updates.map((update) => update.ref);
  const listed = await runGit({ cwd, args: ['for-each-ref', '--format=%(objectname) %(refname)', ...refs], env });
  const actual = new Map<string, string>();
  for (const line of listed.stdout.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) actual.set(line.slice(space + 1), line.slice(0, space));
  }
  for (const update of updates) {
    const now = actual.get(update.ref) ?? null;
    if (now !== update.expected) {
      throw new RefRaceError(`${update.ref} is at ${now ?? 'nothing'}, not ${update.expected ?? 'absent'} as expected: someone else moved it; re-run to recompute.`, {
        ref: update.ref,
        expected: update.expected,
        actual: now,
      });
    }
  }
  const reason = firstLine(result.stderr);
  if (/lock/i.test(reason)) {
    throw new StateError(`could not lock refs (${reason}); another git process is updating them — wait for it, then re-run.`, { refs, stderr: result.stderr.trim() });
  }
  throw new GitCommandError(`git update-ref failed: ${reason}`, { args: ['update-ref', '--stdin'], exitCode: result.exitCode, stderr: result.stderr.trim() });
}

async function listWorktrees(cwd: string, env: Record<string, string | undefined> | undefined): Promise<Worktree[]> {
  const { stdout } = await runGit({ cwd, args: ['worktree', 'list', '--porcelain', '-z'], env, okExitCodes: [0] });
  const worktrees: Worktree[] = [];
  for (const record of stdout.toString('utf8').split('\0\0')) {
    const lines = record.split('\0');
    const path = lines.find((line) => line.startsWith('worktree '))?.slice('worktree '.length);
    if (!path || lines.includes('bare') || !existsSync(path)) continue;
    const branch = lines.find((line) => line.startsWith('branch '))?.slice('branch '.length) ?? null;
    worktrees.push({ path, branch });
  }
  return worktrees;
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .find((line) => line.trim() !== '') ?? 'no message'
  );
}
