import type { GitIdentity } from '@relctl/core';

const IDENTITY = /^(.*?) ?<([^<>]*)> (-?\d+) ([+-])(\d\d)(\d\d)$/;

/**
 * Parse an `author`/`committer`/`tagger` header value (`Name <email> 1767225600 +0900`). The
 * offset uses isomorphic-git's convention (UTC+9 is `-540`, `-0000` is `-0`). Malformed
 * values are read as leniently as git does: missing parts become empty or zero.
 *
 * @example
 * ```ts
 * parseGitIdentity('Ann <ann@example.com> 1767225600 +0900').timezoneOffset; // -540
 * ```
 */
export function parseGitIdentity(text: string): GitIdentity {
  const match = IDENTITY.exec(text);
  if (!match) {
    const lt = text.indexOf('<');
    const gt = text.indexOf('>', lt);
    return {
      name: (lt >= 0 ? text.slice(0, lt) : text).trim(),
      email: lt >= 0 && gt > lt ? text.slice(lt + 1, gt) : '',
      timestamp: 0,
      timezoneOffset: 0,
    };
  }
  const minutes = Number(match[5]) * 60 + Number(match[6]);
  const signed = match[4] === '+' ? minutes : -minutes;
  return {
    name: match[1] ?? '',
    email: match[2] ?? '',
    timestamp: Number(match[3]),
    timezoneOffset: signed === 0 ? (match[4] === '-' ? -0 : 0) : -signed,
  };
}
