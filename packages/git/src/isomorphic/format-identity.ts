import { UsageError, type GitIdentity } from '@relctl/core';

/** Options of {@link formatIdentity}. */
export interface FormatIdentityOptions {
  identity: GitIdentity;
  /** For messages: `author`, `committer`, `tagger`. */
  role: string;
}

/**
 * An identity as git writes it in an object header: `Name <email> 1767225600 +0900`, from
 * isomorphic-git's minutes (UTC+9 is -540; `-0` is written `-0000`). Names and emails holding
 * `<`, `>` or a newline are refused, as git refuses them.
 *
 * @example
 * ```ts
 * formatIdentity({ identity: { name: 'Kim', email: 'kim@example.com', timestamp: 1767225600, timezoneOffset: -540 }, role: 'author' });
 * // 'Kim <kim@example.com> 1767225600 +0900'
 * ```
 */
export function formatIdentity({ identity, role }: FormatIdentityOptions): string {
  const { name, email, timestamp, timezoneOffset } = identity;
  if (/[<>\n\0]/.test(name) || /[<>\n\0]/.test(email)) {
    throw new UsageError(`the ${role} name or email contains <, > or a newline; remove them.`, { role, name, email });
  }
  if (!Number.isInteger(timestamp) || !Number.isInteger(timezoneOffset)) {
    throw new UsageError(`the ${role} time must be whole seconds and whole minutes of offset.`, { role, timestamp, timezoneOffset });
  }
  const east = -timezoneOffset;
  const negative = east < 0 || Object.is(timezoneOffset, -0);
  const abs = Math.abs(east);
  const zone = `${negative ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${name} <${email}> ${timestamp} ${zone}`;
}
