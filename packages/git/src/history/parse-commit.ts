import type { CommitInfo, GitIdentity } from '@relctl/core';
import { parseCommitHeader } from './parse-commit-header.js';

/**
 * Parse a raw commit object into a {@link CommitInfo}, exactly as isomorphic-git's
 * `readCommit` reports it (message with `\r` removed, no leading blank lines and one trailing
 * newline; time zone offsets in minutes with git's sign flipped).
 *
 * @example
 * ```ts
 * const info = parseCommit({ oid, data: store.read(oid)!.data });
 * console.log(info.author.name, info.message);
 * ```
 */
export function parseCommit(options: { oid: string; data: Buffer }): CommitInfo {
  const { oid, data } = options;
  const { tree, parents } = parseCommitHeader(options);
  const text = data.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  let author: GitIdentity | undefined;
  let committer: GitIdentity | undefined;
  for (const line of headers) {
    if (author === undefined && line.startsWith('author ')) author = parseIdentity(line.slice(7));
    else if (committer === undefined && line.startsWith('committer ')) committer = parseIdentity(line.slice(10));
  }
  const unknown: GitIdentity = { name: '', email: '', timestamp: 0, timezoneOffset: 0 };
  const message = (split < 0 ? '' : text.slice(split + 2)).replace(/\r/g, '').replace(/^\n+/, '').replace(/\n+$/, '') + '\n';
  return { sha: oid, tree, parents, message, author: author ?? unknown, committer: committer ?? unknown };
}

function parseIdentity(value: string): GitIdentity {
  const match = /^(.*) <(.*)> (.*) (.*)$/.exec(value);
  if (!match) return { name: value, email: '', timestamp: 0, timezoneOffset: 0 };
  const zone = /(\+|-)(\d\d)(\d\d)/.exec(match[4] as string);
  const minutes = zone ? (zone[1] === '+' ? 1 : -1) * (Number(zone[2]) * 60 + Number(zone[3])) : 0;
  return {
    name: match[1] as string,
    email: match[2] as string,
    timestamp: Number(match[3]),
    timezoneOffset: minutes === 0 ? 0 : -minutes,
  };
}
