import type * as nodeFs from 'node:fs';

/**
 * An opened repository: where its pieces are on disk, plus the per-repository caches every
 * operation shares. Open it once per process with `openRepository` and pass it everywhere.
 *
 * @example
 * ```ts
 * const repo: Repository = await openRepository({ cwd: '/path/to/clone' });
 * console.log(repo.gitdir, repo.objectFormat); // '/path/to/clone/.git' 'sha1'
 * ```
 */
export interface Repository {
  /** The `fs` module isomorphic-git reads and writes through (injected, never imported globally). */
  fs: typeof nodeFs;
  /** Worktree root, or `null` for a bare repository. */
  dir: string | null;
  /** This worktree's git dir (`.git`, or `.git/worktrees/<name>` for a linked worktree). */
  gitdir: string;
  /** The shared git dir holding objects, refs and config (equals `gitdir` except in linked worktrees). */
  commonDir: string;
  /** isomorphic-git's object cache; sharing one per repository is what makes repeated reads fast. */
  cache: Record<string, unknown>;
  /** `sha256` repositories are detected and refused by isomorphic-git based operations. */
  objectFormat: 'sha1' | 'sha256';
  /** True when `shallow` exists: history is cut off and ancestry answers may be incomplete. */
  shallow: boolean;
  /** Lazily created per-repository state of the other modules (history index, …), keyed by module. */
  readonly extensions: Map<string, unknown>;
}
