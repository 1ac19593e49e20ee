import type { Sha, TreeEntry } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { parseTreeObject } from './parse-tree-object.js';
import { peelToTree } from './peel-to-tree.js';
import { readGitObject } from './read-git-object.js';

/** Options of {@link readTreeEntries}. */
export interface ReadTreeEntriesOptions {
  repo: Repository;
  /** A tree, or a commit (its root tree), or an annotated tag of one. */
  treeish: Sha;
}

/**
 * One level of a tree, in git's order, as `git ls-tree <treeish>` lists it.
 *
 * @example
 * ```ts
 * for (const entry of await readTreeEntries({ repo, treeish: commitSha })) console.log(entry.mode, entry.path);
 * ```
 */
export async function readTreeEntries({ repo, treeish }: ReadTreeEntriesOptions): Promise<TreeEntry[]> {
  const tree = await peelToTree({ repo, oid: treeish });
  return parseTreeObject({ data: (await readGitObject({ repo, oid: tree })).data });
}
