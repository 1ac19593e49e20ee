import type { CommitData } from '@relctl/core';
import { formatIdentity } from './format-identity.js';

/** Options of {@link renderCommitObject}. */
export interface RenderCommitObjectOptions {
  commit: CommitData;
}

/**
 * The bytes of a commit object as `git commit-tree` writes them: tree, parents, author,
 * committer, a blank line, then the message verbatim. With `commit.signature`, a `gpgsig` header
 * after the committer holds it, one continuation line (leading space) per line, as `git commit -S`
 * writes it; without it the bytes are exactly what a signature is made over.
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
  if (commit.signature !== undefined) {
    const signature = commit.signature.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    lines.push(`gpgsig ${signature.split('\n').join('\n ')}`);
  }
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`, 'utf8');
}
