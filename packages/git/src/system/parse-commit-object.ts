import type { CommitData } from '@relctl/core';
import { parseGitIdentity } from './parse-git-identity.js';

/**
 * Parse the raw bytes of a commit object. Headers other than `tree`, `parent`, `author` and
 * `committer` (`gpgsig`, `encoding`, `mergetag`, …) are skipped; the message is everything after
 * the first blank line, verbatim.
 *
 * @example
 * ```ts
 * const commit = parseCommitObject(Buffer.from('tree 4b82…\nauthor A <a@x> 0 +0000\ncommitter A <a@x> 0 +0000\n\nhi\n'));
 * ```
 */
export function parseCommitObject(raw: Uint8Array): CommitData {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  const split = text.indexOf('\n\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const message = split >= 0 ? text.slice(split + 2) : '';
  let tree = '';
  const parents: string[] = [];
  let author = '';
  let committer = '';
  for (const line of head.split('\n')) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (gpgsig, mergetag)
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = value;
    else if (key === 'committer') committer = value;
  }
  return { tree, parents, message, author: parseGitIdentity(author), committer: parseGitIdentity(committer) };
}
