import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { parseTreeObject } from './parse-tree-object.js';
import { peelToTree } from './peel-to-tree.js';
import { readGitObject } from './read-git-object.js';

/** Options of {@link readFileAt}. */
export interface ReadFileAtOptions {
  repo: Repository;
  /** A commit or tree (or an annotated tag of one). */
  treeish: Sha;
  /** Slash-separated path inside the tree. */
  path: string;
}

/**
 * The bytes of the file at `path` (`git show <treeish>:<path>`; a symlink gives its target), or
 * `null` when nothing is there or it is a folder or a submodule.
 *
 * @example
 * ```ts
 * const bytes = await readFileAt({ repo, treeish: commitSha, path: '.changeset/A.md' });
 * ```
 */
export async function readFileAt({ repo, treeish, path }: ReadFileAtOptions): Promise<Uint8Array | null> {
  const parts = path.split('/');
  if (parts.some((part) => part === '')) return null;
  let tree = await peelToTree({ repo, oid: treeish });
  for (let i = 0; i < parts.length; i++) {
    const entry = parseTreeObject({ data: (await readGitObject({ repo, oid: tree })).data }).find((e) => e.path === parts[i]);
    if (!entry) return null;
    if (i === parts.length - 1) {
      if (entry.type !== 'blob') return null;
      return new Uint8Array((await readGitObject({ repo, oid: entry.oid })).data);
    }
    if (entry.type !== 'tree') return null;
    tree = entry.oid;
  }
  return null;
}
