import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Repository } from '../repo/repository.js';
import { readConfigValue } from './read-config-value.js';

/**
 * A worktree of the repository (the main one or a linked one) and what it has checked out.
 *
 * @example
 * ```ts
 * const busy = (await listWorktrees({ repo })).filter((w: WorktreeInfo) => w.operation !== null);
 * busy.map((w) => `${w.dir}: ${w.operation} in progress`); // ['/work/app-hotfix: rebase in progress']
 * ```
 */
export interface WorktreeInfo {
  /** `main` for the main worktree, else its folder name under `<commonDir>/worktrees/`. */
  name: string;
  /** Worktree root. */
  dir: string;
  /** Its git dir (holding `HEAD` and `index`): the common dir for the main worktree. */
  gitdir: string;
  /** The branch `HEAD` points to (full name), or `null` when detached. */
  branch: string | null;
  /** An operation in progress there: `merge`, `rebase`, `cherry-pick`, `revert`, `bisect`, or `null`. */
  operation: string | null;
  /** The branch a rebase or bisect in progress there started from (full name), if known. */
  operationRef: string | null;
  /** True for the worktree the repository was opened in. */
  current: boolean;
}

/**
 * Options of {@link listWorktrees}.
 *
 * @example
 * ```ts
 * const worktrees = await listWorktrees({ repo });
 * ```
 */
export interface ListWorktreesOptions {
  repo: Repository;
}

/**
 * The main worktree (unless the repository is bare) and every linked worktree under
 * `<commonDir>/worktrees/*` whose folder still exists, with the branch each has checked out —
 * the same list as `git worktree list`.
 *
 * @example
 * ```ts
 * const onMain = (await listWorktrees({ repo })).filter((w) => w.branch === 'refs/heads/main');
 * ```
 */
export async function listWorktrees({ repo }: ListWorktreesOptions): Promise<WorktreeInfo[]> {
  const { fs, commonDir } = repo;
  const result: WorktreeInfo[] = [];
  const bare = (await readConfigValue({ repo, key: 'core.bare' }))?.toLowerCase();
  const hasMain = bare === undefined ? basename(commonDir) === '.git' : !['true', 'yes', 'on', '1'].includes(bare);
  if (hasMain) {
    const configured = await readConfigValue({ repo, key: 'core.worktree' });
    const dir = configured ? resolve(commonDir, configured) : dirname(commonDir);
    result.push(await describe(repo, 'main', dir, commonDir));
  }
  let names: string[] = [];
  try {
    names = (await fs.promises.readdir(join(commonDir, 'worktrees'))).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    const gitdir = join(commonDir, 'worktrees', name);
    const pointer = await readText(repo, join(gitdir, 'gitdir'));
    if (pointer === null) continue;
    const dotGit = isAbsolute(pointer) ? pointer : resolve(gitdir, pointer);
    const dir = dirname(dotGit);
    try {
      await fs.promises.stat(dir);
    } catch {
      continue; // prunable: its folder is gone
    }
    result.push(await describe(repo, name, dir, gitdir));
  }
  return result;
}

async function describe(repo: Repository, name: string, dir: string, gitdir: string): Promise<WorktreeInfo> {
  const head = await readText(repo, join(gitdir, 'HEAD'));
  const branch = head?.startsWith('ref:') ? head.slice(4).trim() : null;
  let operation: string | null = null;
  let operationRef: string | null = null;
  for (const folder of ['rebase-merge', 'rebase-apply']) {
    const headName = await readText(repo, join(gitdir, folder, 'head-name'));
    if (headName !== null || (await exists(repo, join(gitdir, folder)))) {
      operation = 'rebase';
      operationRef = headName?.startsWith('refs/') ? headName : null;
    }
  }
  if (!operation && (await exists(repo, join(gitdir, 'MERGE_HEAD')))) operation = 'merge';
  if (!operation && (await exists(repo, join(gitdir, 'CHERRY_PICK_HEAD')))) operation = 'cherry-pick';
  if (!operation && (await exists(repo, join(gitdir, 'REVERT_HEAD')))) operation = 'revert';
  const bisect = await readText(repo, join(gitdir, 'BISECT_START'));
  if (!operation && bisect !== null) {
    operation = 'bisect';
    operationRef = /^[0-9a-f]{40,64}$/.test(bisect) ? null : `refs/heads/${bisect}`;
  }
  return { name, dir, gitdir, branch, operation, operationRef, current: resolve(gitdir) === resolve(repo.gitdir) };
}

async function readText(repo: Repository, path: string): Promise<string | null> {
  try {
    return (await repo.fs.promises.readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function exists(repo: Repository, path: string): Promise<boolean> {
  try {
    await repo.fs.promises.lstat(path);
    return true;
  } catch {
    return false;
  }
}
