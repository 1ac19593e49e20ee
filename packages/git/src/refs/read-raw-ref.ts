import { join } from 'node:path';
import { StateError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readPackedRefs } from './read-packed-refs.js';

/**
 * A ref's stored value, nothing followed or peeled.
 *
 * @example
 * ```ts
 * const head: RawRef | null = await readRawRef({ repo, ref: 'HEAD' });
 * if (head?.kind === 'symbolic') console.log(head.target); // 'refs/heads/main'
 * ```
 */
export type RawRef = { kind: 'direct'; sha: Sha; /** True when read from a loose file, false when from `packed-refs`. */ loose: boolean } | { kind: 'symbolic'; target: string };

/**
 * Options of {@link readRawRef}.
 *
 * @example
 * ```ts
 * const raw = await readRawRef({ repo, ref: 'HEAD', fresh: true });
 * ```
 */
export interface ReadRawRefOptions {
  repo: Repository;
  /** A full ref name (`refs/…`) or `HEAD` (the current worktree's). */
  ref: string;
  /** Read `packed-refs` afresh instead of from the per-repository cache. */
  fresh?: boolean;
  /** An already read `packed-refs` (a transaction reads it once under its locks). */
  packed?: ReadonlyMap<string, Sha>;
}

/**
 * Read a ref the way git's files backend does: the loose file wins, then `packed-refs`; a
 * symbolic ref (`ref: …`) is returned as such and an annotated tag is not peeled. `HEAD` and the
 * per-worktree refs (`refs/worktree/`, `refs/bisect/`, `refs/rewritten/`) come from the current
 * worktree's git dir, everything else from the common dir. `null` when the ref does not exist.
 *
 * @example
 * ```ts
 * const value = await readRawRef({ repo, ref: 'refs/heads/main' });
 * if (value?.kind === 'direct') console.log(value.sha);
 * ```
 */
export async function readRawRef({ repo, ref, fresh = false, packed }: ReadRawRefOptions): Promise<RawRef | null> {
  const perWorktree = isPerWorktreeRef(ref);
  const path = join(perWorktree ? repo.gitdir : repo.commonDir, ref);
  let text: string | null = null;
  try {
    text = await repo.fs.promises.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
  }
  if (text !== null) {
    const value = text.trim();
    if (value.startsWith('ref:')) return { kind: 'symbolic', target: value.slice(4).trim() };
    if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(value)) return { kind: 'direct', sha: value, loose: true };
    throw new StateError(`ref ${ref} is corrupt (${path} holds neither an object id nor "ref: …"); repair or delete that file.`, {
      ref,
      path,
    });
  }
  if (perWorktree) return null;
  const sha = (packed ?? (await readPackedRefs({ repo, fresh }))).get(ref);
  return sha === undefined ? null : { kind: 'direct', sha, loose: false };
}

function isPerWorktreeRef(ref: string): boolean {
  return !ref.startsWith('refs/') || ref.startsWith('refs/worktree/') || ref.startsWith('refs/bisect/') || ref.startsWith('refs/rewritten/');
}
