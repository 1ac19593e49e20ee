/**
 * Options of {@link identityMatches}.
 *
 * @example
 * ```ts
 * const options: IdentityMatchesOptions = { actor: 'Ann <ann@example.com>', wanted: 'ann@example.com' };
 * ```
 */
export interface IdentityMatchesOptions {
  /** Who did something, usually `Name <email>`. */
  actor: string;
  /** Who is wanted: `Name <email>`, a bare email, or a bare name. */
  wanted: string;
}

const parse = (identity: string): { name: string; email: string | undefined } => {
  const match = /^(.*?)\s*<([^<>]*)>\s*$/.exec(identity.trim());
  if (!match) {
    const bare = identity.trim().toLowerCase();
    return bare.includes('@') ? { name: '', email: bare } : { name: bare, email: undefined };
  }
  return { name: (match[1] ?? '').trim().toLowerCase(), email: (match[2] ?? '').trim().toLowerCase() || undefined };
};

/**
 * Whether an actor is the identity wanted. Emails are compared when `wanted` has one
 * (case-insensitive); otherwise names are. `Ann <ann@x.io>` matches `ann@x.io`, `Ann` and
 * `ANN <ann@x.io>`, but not `Ann <ann@y.io>`.
 *
 * @example
 * ```ts
 * identityMatches({ actor: 'Ann <ann@example.com>', wanted: 'ann@example.com' }); // true
 * ```
 */
export function identityMatches(options: IdentityMatchesOptions): boolean {
  const actor = parse(options.actor);
  const wanted = parse(options.wanted);
  if (wanted.email !== undefined) return actor.email === wanted.email;
  return wanted.name.length > 0 && actor.name === wanted.name;
}
