import type * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import git from 'isomorphic-git';
import { writeFileAtomically } from '../objects/write-file-atomically.js';
import type { Repository } from '../repo/repository.js';
import type { FaultHook } from './inject-fault.js';
import type { WorktreeSyncPlan } from './plan-worktree-sync.js';
import { worktreeFs } from './worktree-fs.js';

/** Options of {@link applyWorktreeSync}. */
export interface ApplyWorktreeSyncOptions {
  repo: Repository;
  /** A plan from `planWorktreeSync` with nothing blocked. */
  plan: WorktreeSyncPlan;
  /** Test hook called at the fault points of each file write (`worktree:after-partial-write`, …). */
  faultHook?: FaultHook | undefined;
}

/** Where a file of the worktree is written before it is renamed into place (found again after a crash). */
function tempOf(full: string): string {
  return join(dirname(full), `.${basename(full)}.relctl-tmp`);
}

/**
 * isomorphic-git writes the index in place (open with truncation, write, close): a process killed
 * in between left an empty or cut-short index, which neither git nor a recovery can read. This
 * `fs` writes the worktree's index to `index.relctl-tmp` beside it (`index.lock` is the
 * transaction's lock) and renames it into place.
 */
function atomicIndexFs(fs: typeof nodeFs, gitdir: string, faultHook: FaultHook | undefined): typeof nodeFs {
  const index = join(gitdir, 'index');
  const writeFile = async (path: unknown, data: unknown, options?: unknown): Promise<void> => {
    if (typeof path !== 'string' || join(path) !== index || (typeof data !== 'string' && !(data instanceof Uint8Array))) {
      return (fs.promises.writeFile as (...args: unknown[]) => Promise<void>)(path, data, options);
    }
    await writeFileAtomically({ fs, path: index, data, temp: { path: `${index}.relctl-tmp` }, sync: false, faultPrefix: 'index', faultHook });
  };
  return { promises: { ...fs.promises, writeFile } } as unknown as typeof nodeFs;
}

/**
 * Bring a worktree's files and index from `plan.from` to `plan.to` on the changed paths only:
 * delete files (and folders left empty), write files with their mode (symlinks as links), then
 * update the index entries with fresh stat data, so `git status` is clean where it was clean.
 * Paths already as in `to` are left alone. The caller holds the worktree's `index.lock`. Each
 * file is written to `.<name>.relctl-tmp` beside it and renamed into place: a process killed
 * while writing leaves the old file or the new one, never half of one (which a recovery could not
 * tell from a change made by hand), and the next sync of the same paths removes the temp file.
 * The index is written the same way (`index.relctl-tmp`).
 *
 * @example
 * ```ts
 * const plan = await planWorktreeSync({ repo, worktree, from: old, to: next, accept: 'from' });
 * if (plan.blocked.length === 0) await applyWorktreeSync({ repo, plan });
 * ```
 */
export async function applyWorktreeSync({ repo, plan, faultHook }: ApplyWorktreeSyncOptions): Promise<void> {
  const fs = repo.fs.promises;
  // What a sync killed while writing these paths left behind.
  for (const change of plan.changes) await fs.rm(tempOf(join(plan.dir, change.path)), { force: true }).catch(() => undefined);
  const main = plan.gitdir === repo.commonDir;
  const ifs = worktreeFs({ fs: atomicIndexFs(repo.fs, plan.gitdir, faultHook), commonDir: repo.commonDir, gitdir: plan.gitdir });
  const cache = main ? repo.cache : {};
  const deleted: string[] = [];
  const toAdd: string[] = [];
  const toRemove: string[] = [];

  for (const change of [...plan.changes].reverse()) {
    if (change.to !== null) continue;
    const wd = change.workdir;
    if (wd !== null && wd !== 'dir') {
      await fs.rm(join(plan.dir, change.path), { force: true });
      deleted.push(change.path);
    }
    if (change.index !== null) toRemove.push(change.path);
  }
  await removeEmptyParents(repo, plan.dir, [...deleted, ...plan.changes.filter((c) => c.workdir === 'dir').map((c) => `${c.path}/x`)]);

  for (const change of plan.changes) {
    const to = change.to;
    if (to === null) continue;
    const full = join(plan.dir, change.path);
    const wd = change.workdir;
    const fileOk = wd !== null && wd !== 'dir' && wd !== 'other' && wd.oid === to.oid && wd.mode === to.mode;
    if (!fileOk) {
      await fs.mkdir(dirname(full), { recursive: true });
      const current = await fs.lstat(full).catch(() => null);
      if (current?.isDirectory()) await fs.rmdir(full);
      else if (current && (current.isSymbolicLink() || to.mode === 0o120000)) await fs.rm(full, { force: true });
      const { blob } = await git.readBlob({ fs: repo.fs, gitdir: repo.commonDir, cache: repo.cache, oid: to.oid });
      if (to.mode === 0o120000) {
        await fs.symlink(Buffer.from(blob).toString('utf8'), full);
      } else {
        const executable = to.mode === 0o100755;
        await writeFileAtomically({
          fs: repo.fs,
          path: full,
          data: blob,
          temp: { path: tempOf(full) },
          mode: executable ? 0o777 : 0o666,
          sync: false,
          faultPrefix: 'worktree',
          faultHook,
        });
        const mode = (await fs.stat(full)).mode & 0o777;
        const wanted = executable ? mode | ((mode & 0o444) >> 2) : mode & ~0o111;
        if (wanted !== mode) await fs.chmod(full, wanted);
      }
    }
    const ix = change.index;
    if (!fileOk || ix === null || ix.oid !== to.oid || ix.mode !== to.mode) toAdd.push(change.path);
  }

  for (const filepath of toRemove) {
    await git.remove({ fs: ifs, dir: plan.dir, gitdir: repo.commonDir, cache, filepath });
  }
  if (toAdd.length > 0) {
    await git.add({ fs: ifs, dir: plan.dir, gitdir: repo.commonDir, cache, filepath: toAdd, force: true });
  }
}

/** Remove the folders of `paths` that are now empty, deepest first, never the worktree root. */
async function removeEmptyParents(repo: Repository, root: string, paths: string[]): Promise<void> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) folders.add(folder);
  }
  const deepestFirst = [...folders].sort((x, y) => y.split('/').length - x.split('/').length || (x < y ? 1 : -1));
  for (const folder of deepestFirst) {
    try {
      await repo.fs.promises.rmdir(join(root, folder));
    } catch {
      // not empty (untracked or kept files) or already gone
    }
  }
}
