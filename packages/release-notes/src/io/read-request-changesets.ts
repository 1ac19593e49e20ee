import type { GitPort, Sha } from '@relctl/core';
import type { ParsedChangeset } from '../types.js';
import { parseRequestChangeset } from '../changeset/parse-request-changeset.js';
import { readText } from './read-text.js';

/**
 * Options of {@link readRequestChangesets}.
 *
 * @example
 * ```ts
 * const found = await readRequestChangesets({ git, tree: workingTip, requestIds: ['A', 'C'] });
 * ```
 */
export interface ReadRequestChangesetsOptions {
  git: GitPort;
  /** The commit or tree holding the `.changeset` folder. */
  tree: Sha;
  /** Exactly the requests whose changesets to read (valid request ids). */
  requestIds: string[];
}

/**
 * Read and parse `.changeset/<id>.md` for exactly the given requests from a tree, through the
 * git port. Other changeset files are not read. A request without the file gets `null`.
 *
 * @example
 * ```ts
 * const found = await readRequestChangesets({ git, tree: commit, requestIds: ['A', 'C'] });
 * // [{ id: 'A', changeset: { bump: 'minor', … } }, { id: 'C', changeset: null }]
 * ```
 */
export async function readRequestChangesets(options: ReadRequestChangesetsOptions): Promise<Array<{ id: string; changeset: ParsedChangeset | null }>> {
  const found: Array<{ id: string; changeset: ParsedChangeset | null }> = [];
  for (const id of options.requestIds) {
    const text = await readText({ git: options.git, tree: options.tree, path: `.changeset/${id}.md` });
    found.push({ id, changeset: text === null ? null : parseRequestChangeset({ id, text }) });
  }
  return found;
}
