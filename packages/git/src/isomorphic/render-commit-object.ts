import type { CommitData } from '@relctl/core';
import { formatIdentity } from './format-identity.js';

/** Options of {@link renderCommitObject}. */
export interface RenderCommitObjectOptions {
  commit: CommitData;
}

/**
 * The bytes of a commit object as `git commit-tree` writes them: tree, parents, author,
 * committer, a blank line, then the message verbatim.
 *
 * @example
 * ```ts
 * const bytes = renderCommitObject({ commit: { tree, parents: [head], message: 'm\n', author, committer } });
 * ```
 */
export function renderCommitObject({ commit }: RenderCommitObjectOptions): Buffer {
  const lines = [`tree ${commit.tree}`];
  for (const parent of commit.parents) lines.push(`parent ${parent}`);
  lines.push(`author ${formatIdentity({ identity: commit.author, role: 'author' })}`);
  lines.push(`committer ${formatIdentity({ identity: commit.committer, role: 'committer' })}`);
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`, 'utf8');
}
