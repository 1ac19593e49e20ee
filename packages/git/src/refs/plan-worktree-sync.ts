import git, { STAGE, TREE, WORKDIR, type WalkerEntry } from 'isomorphic-git';
import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readConfigValue } from './read-config-value.js';
import { worktreeFs } from './worktree-fs.js';

/** A file's object id and numeric mode (`0o100644`, `0o100755`, `0o120000`). */
export interface FileState {
  oid: Sha;
  mode: number;
}

/** One path that differs between the two commits, with what the worktree holds there now. */
export interface WorktreePathChange {
  path: string;
  /** The file in the old commit (`null`: none, or a folder). */
  from: FileState | null;
  /** The file in the new commit (`null`: none, or a folder). */
  to: FileState | null;
  /** The index entry now (`null`: none). */
  index: FileState | null;
  /** The worktree now: a file, a folder, something else (`other`), or nothing. */
  workdir: FileState | 'dir' | 'other' | null;
}

/** What bringing a worktree from one commit to another takes, and whether local changes block it. */
export interface WorktreeSyncPlan {
  dir: string;
  gitdir: string;
  from: Sha;
  to: Sha;
  changes: WorktreePathChange[];
  /** Paths whose index or file holds something else (a local change, an untracked file in the way). */
  blocked: string[];
  /** Paths that are submodules (gitlinks) on either side: not brought along. */
  unsupported: string[];
}

/** Options of {@link planWorktreeSync}. */
export interface PlanWorktreeSyncOptions {
  repo: Repository;
  /** Worktree root and git dir (the common dir for the main worktree). */
  worktree: { dir: string; gitdir: string };
  from: Sha;
  to: Sha;
  /**
   * `from`: every changed path must be exactly as in `from` (index and file), as `git merge
   * --ff-only` / `git reset --keep` require. `either`: each may already be as in `to` too, or
   * have no file or index entry yet (recovering a transaction that died half way through).
   */
  accept: 'from' | 'either';
}

/**
 * Compare a worktree with the two commits of a branch move, path by path, only where the
 * commits differ (untouched sub-trees are skipped, local changes elsewhere are kept). Reads
 * nothing but the index, the files and the objects; changes nothing.
 *
 * @example
 * ```ts
 * const plan = await planWorktreeSync({ repo, worktree: { dir: repo.dir!, gitdir: repo.commonDir }, from: old, to: next, accept: 'from' });
 * if (plan.blocked.length) throw new Error(`local changes in ${plan.blocked.join(', ')}`);
 * ```
 */
export async function planWorktreeSync({ repo, worktree, from, to, accept }: PlanWorktreeSyncOptions): Promise<WorktreeSyncPlan> {
  const plan: WorktreeSyncPlan = { dir: worktree.dir, gitdir: worktree.gitdir, from, to, changes: [], blocked: [], unsupported: [] };
  if (from === to) return plan;
  const filemode = (await readConfigValue({ repo, key: 'core.filemode' }))?.toLowerCase() !== 'false';
  const main = worktree.gitdir === repo.commonDir;
  const vanishing: string[] = [];
  await git.walk({
    fs: worktreeFs({ fs: repo.fs, commonDir: repo.commonDir, gitdir: worktree.gitdir }),
    dir: worktree.dir,
    gitdir: repo.commonDir,
    cache: main ? repo.cache : {},
    trees: [TREE({ ref: from }), TREE({ ref: to }), WORKDIR({ refresh: false }), STAGE()],
    map: async (path, [a, b, w, i]) => {
      const ta = a ? await a.type() : null;
      const tb = b ? await b.type() : null;
      if (ta === 'tree' && tb === 'tree') return (await a!.oid()) === (await b!.oid()) ? null : true;
      const fa = ta && ta !== 'tree' ? await fileState(a!) : null;
      const fb = tb && tb !== 'tree' ? await fileState(b!) : null;
      if (fa && fb && fa.oid === fb.oid && fa.mode === fb.mode) return null;
      const tw = w ? await w.type() : null;
      if (!fa && !fb) {
        if (ta !== 'tree' && tb !== 'tree') {
          // Untracked here: only in the way inside a folder that a file replaces.
          if (tw && vanishing.some((folder) => path.startsWith(`${folder}/`))) plan.blocked.push(path);
          return null;
        }
        if (tb === 'tree' && ta === null && tw !== null && tw !== 'tree') plan.blocked.push(path);
        return true;
      }
      if (ta === 'commit' || tb === 'commit') {
        plan.unsupported.push(path);
        return null;
      }
      const ti = i ? await i.type() : null;
      const index = ti === 'blob' ? await fileState(i!) : null;
      const workdir: WorktreePathChange['workdir'] = tw === 'blob' ? await fileState(w!) : tw === 'tree' ? 'dir' : tw === null ? null : 'other';
      const fromState: FileState | 'dir' | null = fa ?? (ta === 'tree' ? 'dir' : null);
      const toState: FileState | 'dir' | null = fb ?? (tb === 'tree' ? 'dir' : null);
      const indexState: FileState | 'dir' | null = index ?? (ti === 'tree' ? 'dir' : null);
      const allowed = accept === 'from' ? [fromState] : [fromState, toState];
      // Recovering, nothing at the path (in the worktree or the index) is a state the sync passes
      // through too: a folder that a file replaces is removed before the file is written, and
      // leaves the index before the file joins it.
      const passing = accept === 'from' ? allowed : [...allowed, null];
      const clean = passing.some((state) => same(indexState, state, true)) && passing.some((state) => same(workdir, state, filemode));
      if (!clean) plan.blocked.push(path);
      plan.changes.push({ path, from: fa, to: fb, index, workdir });
      if (fb && workdir === 'dir') vanishing.push(path);
      return ta === 'tree' || tb === 'tree' || tw === 'tree' ? true : null;
    },
  });
  plan.changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  plan.blocked.sort();
  return plan;
}

async function fileState(entry: WalkerEntry): Promise<FileState> {
  return { oid: await entry.oid(), mode: await entry.mode() };
}

function same(actual: FileState | 'dir' | 'other' | null, wanted: FileState | 'dir' | null, compareMode: boolean): boolean {
  if (actual === null || wanted === null) return actual === wanted;
  if (actual === 'dir' || wanted === 'dir' || actual === 'other') return actual === wanted;
  return actual.oid === wanted.oid && (!compareMode || actual.mode === wanted.mode);
}
