import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError, type GitPort, type Sha, type TreeEntry } from '@relctl/core';

/**
 * Options of {@link exportTree}.
 *
 * @example
 * ```ts
 * await exportTree({ git, commit: releaseCommit, dir: '/srv/app/releases/1.4.0', concurrency: 8 });
 * ```
 */
export interface ExportTreeOptions {
  git: GitPort;
  /** A commit (or tree) id whose tree to write. */
  commit: Sha;
  /** Target folder: created when missing, and must be empty. */
  dir: string;
  /** How many files are read and written at once. Default 16. */
  concurrency?: number;
}

/**
 * What {@link exportTree} wrote.
 *
 * @example
 * ```ts
 * const { files, symlinks, directories }: ExportTreeResult = await exportTree({ git, commit, dir: '/tmp/release' });
 * console.log(`${files} files, ${symlinks} symlinks, ${directories} folders`);
 * ```
 */
export interface ExportTreeResult {
  files: number;
  symlinks: number;
  directories: number;
}

const MODE_FILE = 0o644;
const MODE_EXECUTABLE = 0o755;

/** A tree entry name git itself would refuse to check out. */
function unsafeName(name: string): boolean {
  return name === '' || name === '.' || name === '..' || name.toLowerCase() === '.git' || /[/\\\0]/.test(name);
}

/**
 * Write a commit's tree into a folder, the way `git archive <commit> | tar -x` would, reading
 * objects through the {@link GitPort} only (no checkout, no worktree, no index): regular files
 * get mode 644, executables 755, symlinks become symlinks (their target verbatim), a
 * submodule becomes an empty folder. Entry names git would refuse (`..`, `.git`, anything with
 * a slash) stop the export with a `StateError` before anything is written outside `dir`.
 *
 * @example
 * ```ts
 * const git = createSystemGitPort({ cwd: repoDir });
 * await exportTree({ git, commit: await git.readRef('refs/heads/main') ?? '', dir: '/tmp/release' });
 * ```
 */
export async function exportTree(options: ExportTreeOptions): Promise<ExportTreeResult> {
  const { git, commit, dir } = options;
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) {
    throw new StateError(`cannot export ${commit} into ${dir}: the folder is not empty; choose a new folder or empty it first.`, {
      dir,
      commit,
    });
  }
  const result: ExportTreeResult = { files: 0, symlinks: 0, directories: 0 };
  const jobs: Array<() => Promise<void>> = [];

  const walk = async (tree: Sha, folder: string, prefix: string): Promise<void> => {
    const entries: TreeEntry[] = await git.readTree(tree);
    for (const entry of entries) {
      const shown = `${prefix}${entry.path}`;
      if (unsafeName(entry.path)) {
        throw new StateError(`refusing to export ${commit}: its tree holds the unsafe path ${JSON.stringify(shown)}; repair the commit with git.`, {
          commit,
          path: shown,
        });
      }
      const target = join(folder, entry.path);
      if (entry.type === 'tree') {
        await mkdir(target);
        result.directories += 1;
        await walk(entry.oid, target, `${shown}/`);
      } else if (entry.type === 'commit') {
        await mkdir(target);
        result.directories += 1;
      } else {
        jobs.push(async () => {
          const content = await git.readFile(tree, entry.path);
          if (content === null) {
            throw new StateError(`blob ${entry.oid} of ${shown} is missing in the repository; fetch the commit again.`, { commit, path: shown });
          }
          if (entry.mode === '120000') {
            await symlink(Buffer.from(content).toString('utf8'), target);
            result.symlinks += 1;
          } else {
            const mode = entry.mode === '100755' ? MODE_EXECUTABLE : MODE_FILE;
            await writeFile(target, content, { mode, flag: 'wx' });
            await chmod(target, mode);
            result.files += 1;
          }
        });
      }
    }
  };
  await walk(commit, dir, '');
  await runPool(jobs, Math.max(1, options.concurrency ?? 16));
  return result;
}

async function runPool(jobs: Array<() => Promise<void>>, size: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (job) await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, worker));
}
