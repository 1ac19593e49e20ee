import * as nodeFs from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { NotFoundError, StateError } from '@relctl/core';
import { objectSafeFs } from '../objects/object-safe-fs.js';
import { readObjectFsyncPolicy } from '../objects/read-object-fsync-policy.js';
import type { Repository } from './repository.js';

/**
 * Options of {@link openRepository}.
 *
 * @example
 * ```ts
 * const repo = await openRepository({ cwd: '/path/to/clone/src' }); // finds the enclosing repository
 * ```
 */
export interface OpenRepositoryOptions {
  /** A folder inside the worktree, the worktree root, or a bare repository. Default: `process.cwd()`. */
  cwd?: string;
  /** Injected `fs`; defaults to `node:fs`. */
  fs?: typeof nodeFs;
}

/**
 * Find and open the repository containing `cwd`, the way `git rev-parse` does: walks up to the
 * nearest `.git` (folder or `gitdir:` file), follows linked worktrees to their `commondir`, and
 * recognises bare repositories. The repository's `fs` is `fs` with one change, for
 * isomorphic-git: files it writes into the object database go to a temp file first and are
 * renamed into place, as git writes them (see `objectSafeFs`).
 *
 * @example
 * ```ts
 * const repo = await openRepository({ cwd: '/path/to/clone' });
 * console.log(repo.commonDir);
 * ```
 */
export async function openRepository(options: OpenRepositoryOptions = {}): Promise<Repository> {
  const fs = options.fs ?? nodeFs;
  const start = resolve(options.cwd ?? process.cwd());
  for (let here = start; ; here = dirname(here)) {
    const dotGit = join(here, '.git');
    const stat = statOrNull(fs, dotGit);
    if (stat?.isDirectory()) return describe(fs, here, dotGit);
    if (stat?.isFile()) {
      const pointer = fs.readFileSync(dotGit, 'utf8').match(/^gitdir:\s*(.+?)\s*$/m)?.[1];
      if (!pointer) throw new StateError(`${dotGit} is not a valid gitdir file; repair it with "git worktree repair".`, { path: dotGit });
      return describe(fs, here, isAbsolute(pointer) ? pointer : resolve(here, pointer));
    }
    if (isBareGitDir(fs, here)) return describe(fs, null, here);
    if (dirname(here) === here) break;
  }
  throw new NotFoundError(`${start} is not inside a git repository; run relctl in a clone, or "git init" one first.`, { cwd: start });
}

function describe(fs: typeof nodeFs, dir: string | null, gitdir: string): Repository {
  const commondirFile = join(gitdir, 'commondir');
  const commonDir = fs.existsSync(commondirFile) ? resolve(gitdir, fs.readFileSync(commondirFile, 'utf8').trim()) : gitdir;
  const config = readTextOrEmpty(fs, join(commonDir, 'config'));
  const objectFormat = /^\s*objectformat\s*=\s*sha256\s*$/im.test(config) ? 'sha256' : 'sha1';
  const repo: Repository = {
    fs,
    dir,
    gitdir,
    commonDir,
    cache: {},
    objectFormat,
    shallow: fs.existsSync(join(commonDir, 'shallow')),
    extensions: new Map(),
  };
  repo.fs = objectSafeFs({ fs, objectsDir: join(commonDir, 'objects'), policy: () => readObjectFsyncPolicy({ repo }) });
  return repo;
}

function isBareGitDir(fs: typeof nodeFs, path: string): boolean {
  return fs.existsSync(join(path, 'HEAD')) && statOrNull(fs, join(path, 'objects'))?.isDirectory() === true && statOrNull(fs, join(path, 'refs'))?.isDirectory() === true;
}

function statOrNull(fs: typeof nodeFs, path: string): nodeFs.Stats | null {
  try {
    return fs.statSync(path);
  } catch {
    return null;
  }
}

function readTextOrEmpty(fs: typeof nodeFs, path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
