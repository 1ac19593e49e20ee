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
  // Fast path for the usual "Name <email> 1700000000 +0900"; anything else goes through the
  // same regular expression isomorphic-git uses, so both always agree.
  const zoneAt = value.lastIndexOf(' ');
  const timeAt = value.lastIndexOf(' ', zoneAt - 1);
  const open = value.lastIndexOf(' <', timeAt - 1);
  let name: string;
  let email: string;
  let timestamp: string;
  let zone: string;
  if (open >= 0 && value.charCodeAt(timeAt - 1) === 62 /* > */ && value.indexOf('>', open) === timeAt - 1) {
    name = value.slice(0, open);
    email = value.slice(open + 2, timeAt - 1);
    timestamp = value.slice(timeAt + 1, zoneAt);
    zone = value.slice(zoneAt + 1);
  } else {
    const match = /^(.*) <(.*)> (.*) (.*)$/.exec(value);
    if (!match) return { name: value, email: '', timestamp: 0, timezoneOffset: 0 };
    [, name, email, timestamp, zone] = match as unknown as [string, string, string, string, string];
  }
  const parts = /(\+|-)(\d\d)(\d\d)/.exec(zone);
  const minutes = parts ? (parts[1] === '+' ? 1 : -1) * (Number(parts[2]) * 60 + Number(parts[3])) : 0;
  return { name, email, timestamp: Number(timestamp), timezoneOffset: minutes === 0 ? minutes : -minutes }; // "-0000" stays -0, as isomorphic-git reports it
}
