/**
 * Environment variables a token is read from, first found wins.
 *
 * @example
 * ```ts
 * const found = GIT_TOKEN_VARIABLES.find((name) => process.env[name]); // e.g. 'GITHUB_TOKEN' in GitHub Actions
 * ```
 */
export const GIT_TOKEN_VARIABLES = ['RELCTL_GIT_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN'] as const;

/**
 * A token for HTTPS remotes and the variable it came from (name it in messages, never the value).
 *
 * @example
 * ```ts
 * const token: GitToken | null = resolveGitToken({ env: process.env });
 * if (token) console.log(`authenticating with $${token.variable}`); // never print token.value
 * ```
 */
export interface GitToken {
  value: string;
  variable: (typeof GIT_TOKEN_VARIABLES)[number];
}

/**
 * Options of {@link resolveGitToken}.
 *
 * @example
 * ```ts
 * const token = resolveGitToken({ env: { GITHUB_TOKEN: 'ghp_…' } }); // { value: 'ghp_…', variable: 'GITHUB_TOKEN' }
 * ```
 */
export interface ResolveGitTokenOptions {
  /** The environment to read (the caller passes `process.env`; this function never reads it itself). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Find the token for HTTPS remotes in `RELCTL_GIT_TOKEN`, then `GITHUB_TOKEN`, then `GH_TOKEN`
 * (blank values are skipped). Returns `null` when none is set.
 *
 * @example
 * ```ts
 * const token = resolveGitToken({ env: process.env });
 * if (token) console.log(`using the token from ${token.variable}`); // never print token.value
 * ```
 */
export function resolveGitToken(options: ResolveGitTokenOptions): GitToken | null {
  for (const variable of GIT_TOKEN_VARIABLES) {
    const value = options.env[variable]?.trim();
    if (value) return { value, variable };
  }
  return null;
}
