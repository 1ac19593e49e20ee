/**
 * A full 40-hex (SHA-1) or 64-hex (SHA-256) object id.
 *
 * @example
 * ```ts
 * const head: Sha = await git.readRef('refs/heads/req/A') ?? 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4';
 * ```
 */
export type Sha = string;

/**
 * Semver bump a request's changeset asks for. `none` ships with no version change.
 *
 * @example
 * ```ts
 * const bump: Bump = 'minor'; // 1.3.2 -> 1.4.0
 * ```
 */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

/**
 * What a request's changeset file (`.changeset/<id>.md`) says, when it has one.
 *
 * @example
 * ```ts
 * const changeset: ChangesetSummary = { bump: 'patch', summary: 'Fix rounding of invoice totals' };
 * ```
 */
export interface ChangesetSummary {
  /** The highest bump named in the changeset front matter. */
  bump: Bump;
  /** The release-note text (the markdown body). */
  summary: string;
}

/**
 * One change a user asked for. It lives on a branch `<prefix><id>` cut from the production
 * branch. Everything here is derived from git: the branch, its changeset, and the
 * `request-created` event in the audit log.
 *
 * @example
 * ```ts
 * const a: Request = { id: 'A', branch: 'req/A', head: 'e3b0…', title: 'Add CSV export', dependsOn: [] };
 * ```
 */
export interface Request {
  /** Matches {@link REQUEST_ID_PATTERN}. */
  id: string;
  /** Short branch name, e.g. `req/A`. */
  branch: string;
  /** The branch tip now. */
  head: Sha;
  /** From the audit log, else the changeset, else the first commit subject. */
  title: string;
  /** Who asked for the change (from the audit log). */
  requester?: string;
  /** Ids of requests that must reach an environment before (or together with) this one. */
  dependsOn: string[];
  /** Absent when the branch carries no `.changeset/<id>.md`. */
  changeset?: ChangesetSummary;
  /** Epoch milliseconds of the `request-created` event, when known. */
  createdAt?: number;
  /**
   * A hotfix: started with `relctl request new <id> --hotfix`, which records `hotfix: true` on its
   * `request-created` event (the one place this fact is stored). Its promotions are checked against
   * an environment's `hotfixRules` when it has them.
   */
  hotfix?: boolean;
}

/**
 * Request ids: a letter or digit, then up to 63 letters, digits, `.`, `_` or `-`.
 * Ids must also be valid git ref name components (see `validateRequestId`).
 *
 * @example
 * ```ts
 * REQUEST_ID_PATTERN.test('A'); // true
 * REQUEST_ID_PATTERN.test('fix/login'); // false: no slash
 * ```
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
