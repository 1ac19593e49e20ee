import { StateError, type CommitInfo, type GitIdentity, type Sha } from '@relctl/core';

/** Options of {@link parseCommitObject}. */
export interface ParseCommitObjectOptions {
  sha: Sha;
  /** The commit object's content (no header). */
  data: Buffer;
}

/**
 * Parse a raw commit the way git reads it: `tree` first, then the run of `parent` lines, the
 * first `author` and `committer`; other headers (gpgsig, encoding, mergetag) are skipped. The
 * message is everything after the first blank line, verbatim.
 *
 * @example
 * ```ts
 * const info = parseCommitObject({ sha, data });
 * ```
 */
export function parseCommitObject({ sha, data }: ParseCommitObjectOptions): CommitInfo {
  const text = data.toString('utf8');
  const split = text.indexOf('\n\n');
  const lines = (split < 0 ? text : text.slice(0, split)).split('\n');
  const message = split < 0 ? '' : text.slice(split + 2);
  if (!lines[0]?.startsWith('tree ')) {
    throw new StateError(`commit ${sha} does not start with a tree line; run "git fsck" to find the damage.`, { sha });
  }
  const tree = lines[0].slice(5);
  const parents: Sha[] = [];
  let index = 1;
  for (; index < lines.length && lines[index]?.startsWith('parent '); index++) parents.push((lines[index] as string).slice(7));
  let author: GitIdentity | undefined;
  let committer: GitIdentity | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!author && line.startsWith('author ')) author = parseIdentity(line.slice(7));
    else if (!committer && line.startsWith('committer ')) committer = parseIdentity(line.slice(10));
  }
  const unknown: GitIdentity = { name: '', email: '', timestamp: 0, timezoneOffset: 0 };
  return { sha, tree, parents, message, author: author ?? unknown, committer: committer ?? unknown };
}

function parseIdentity(value: string): GitIdentity {
  const match = /^(.*) <(.*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
  if (!match) return { name: value, email: '', timestamp: 0, timezoneOffset: 0 };
  const minutes = Number(match[5]) * 60 + Number(match[6]);
  const timezoneOffset = minutes === 0 ? (match[4] === '-' ? -0 : 0) : match[4] === '+' ? -minutes : minutes;
  return { name: match[1] as string, email: match[2] as string, timestamp: Number(match[3]), timezoneOffset };
}
