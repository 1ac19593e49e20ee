import type * as nodeFs from 'node:fs';
import { join } from 'node:path';

/** Options of {@link worktreeFs}. */
export interface WorktreeFsOptions {
  fs: typeof nodeFs;
  /** The repository's common dir (objects, refs, config). */
  commonDir: string;
  /** The worktree's own git dir (its `HEAD` and `index`). */
  gitdir: string;
}

const METHODS = ['readFile', 'writeFile', 'mkdir', 'rmdir', 'unlink', 'stat', 'lstat', 'readdir', 'readlink', 'rm', 'chmod'] as const;

/**
 * An `fs` for isomorphic-git (which knows nothing of `commondir`) that lets it work on a linked
 * worktree: called with `gitdir: commonDir`, it reads objects, refs and config from the common
 * dir while `<commonDir>/index` and `<commonDir>/HEAD` are redirected to the worktree's own files.
 * For the main worktree (`gitdir === commonDir`) it returns `fs` itself.
 *
 * @example
 * ```ts
 * const wfs = worktreeFs({ fs: repo.fs, commonDir: repo.commonDir, gitdir: '/repo/.git/worktrees/hotfix' });
 * await git.statusMatrix({ fs: wfs, dir: '/work/hotfix', gitdir: repo.commonDir });
 * ```
 */
export function worktreeFs({ fs, commonDir, gitdir }: WorktreeFsOptions): typeof nodeFs {
  if (gitdir === commonDir) return fs;
  const redirects = new Map<string, string>();
  for (const name of ['index', 'index.lock', 'HEAD']) redirects.set(join(commonDir, name), join(gitdir, name));
  const map = (path: unknown): unknown => (typeof path === 'string' ? (redirects.get(join(path)) ?? path) : path);
  const promises: Record<string, unknown> = {};
  for (const method of METHODS) {
    const original = fs.promises[method] as (...args: unknown[]) => unknown;
    promises[method] = (path: unknown, ...rest: unknown[]) => original.call(fs.promises, map(path), ...rest);
  }
  promises['symlink'] = (target: unknown, path: unknown, ...rest: unknown[]) =>
    (fs.promises.symlink as (...args: unknown[]) => unknown).call(fs.promises, target, map(path), ...rest);
  return { promises } as unknown as typeof nodeFs;
}
