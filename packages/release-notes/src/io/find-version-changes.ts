import type { GitPort, Sha } from '@relctl/core';
import { readText } from './read-text.js';

/**
 * A request that changes the repository's version field on its branch.
 *
 * @example
 * ```ts
 * const change: RequestVersionChange = { requestId: 'A', path: 'package.json', production: '1.0.0', request: 'banana' };
 * ```
 */
export interface RequestVersionChange {
  requestId: string;
  /** `package.json` (its `version`) or `VERSION`. */
  path: string;
  /** The value on the production branch now (`null`: none). */
  production: string | null;
  /** The value at the request's head (`null`: none). */
  request: string | null;
}

/**
 * Options of {@link findVersionChanges}.
 *
 * @example
 * ```ts
 * await findVersionChanges({ git, commit: mainTip, requests: [{ id: 'A', head }] });
 * ```
 */
export interface FindVersionChangesOptions {
  git: GitPort;
  /** The production branch tip. */
  commit: Sha;
  requests: ReadonlyArray<{ id: string; head: Sha }>;
}

/**
 * The requests whose branch changes the version — the root `package.json` `version` or the
 * `VERSION` file — compared with where they branched from production (their merge base), so a
 * branch that is merely behind a release does not count. A release ignores such changes (the
 * version comes from the production branch and its tags); this says so before it happens.
 *
 * @example
 * ```ts
 * const changes = await findVersionChanges({ git, commit: mainTip, requests: [{ id: 'A', head }] });
 * // [{ requestId: 'A', path: 'package.json', production: '1.0.0', request: 'banana' }]
 * ```
 */
export async function findVersionChanges(options: FindVersionChangesOptions): Promise<RequestVersionChange[]> {
  const { git, commit } = options;
  const changes: RequestVersionChange[] = [];
  for (const request of options.requests) {
    const [base] = await git.mergeBases(request.head, commit);
    if (base === undefined || base === request.head) continue;
    for (const path of ['package.json', 'VERSION']) {
      const before = await versionAt(git, base, path);
      const after = await versionAt(git, request.head, path);
      if (before !== after) changes.push({ requestId: request.id, path, production: await versionAt(git, commit, path), request: after });
    }
  }
  return changes;
}

async function versionAt(git: GitPort, commit: Sha, path: string): Promise<string | null> {
  const text = await readText({ git, tree: commit, path });
  if (text === null) return null;
  if (path === 'VERSION') return text.trim();
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return version === undefined ? null : typeof version === 'string' ? version : JSON.stringify(version);
  } catch {
    return null;
  }
}
