import type { GitIdentity } from '@relctl/core';

/**
 * Format an identity's date the way git stores it: `<seconds> <±hhmm>`. The offset follows
 * isomorphic-git's sign convention (minutes, UTC+9 is `-540`); `-0` means `-0000`.
 *
 * @example
 * ```ts
 * gitDateText({ name: 'A', email: 'a@x', timestamp: 1767225600, timezoneOffset: -540 }); // '1767225600 +0900'
 * ```
 */
export function gitDateText(identity: GitIdentity): string {
  const offset = identity.timezoneOffset;
  const sign = offset > 0 || Object.is(offset, -0) ? '-' : '+';
  const minutes = Math.abs(offset);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${Math.trunc(identity.timestamp)} ${sign}${hh}${mm}`;
}
