import type { GitIdentity } from '@relctl/core';

/**
 * The git identity of an audit-log commit: `actor` (`Name <email>`; a bare name gets an empty
 * email) at `at` (epoch milliseconds, stored as whole seconds, UTC).
 *
 * @example
 * ```ts
 * actorIdentity({ actor: 'Kim Lee <kim@example.com>', at: 1767225600000 });
 * // { name: 'Kim Lee', email: 'kim@example.com', timestamp: 1767225600, timezoneOffset: 0 }
 * ```
 */
export function actorIdentity(options: { actor: string; at: number }): GitIdentity {
  const match = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(options.actor);
  // eslint-disable-next-line no-control-regex
  const strip = (text: string) => text.replace(/[\u0000-\u001f\u007f<>]/g, '').trim();
  const name = strip(match ? (match[1] ?? '') : options.actor) || 'unknown';
  const email = strip(match ? (match[2] ?? '') : '');
  return { name, email, timestamp: Math.floor(options.at / 1000), timezoneOffset: 0 };
}
