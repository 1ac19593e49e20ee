import { NotFoundError, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { readGitObject } from './read-git-object.js';

/** Options of {@link peelToTree}. */
export interface PeelToTreeOptions {
  repo: Repository;
  /** A tree, a commit, or an annotated tag pointing (eventually) at one. */
  oid: Sha;
}

/**
 * The tree id behind a tree, commit or annotated tag (`<oid>^{tree}`); a blob is a
 * `NotFoundError` saying a tree or commit was expected.
 *
 * @example
 * ```ts
 * const tree = await peelToTree({ repo, oid: commitSha });
 * ```
 */
export async function peelToTree({ repo, oid }: PeelToTreeOptions): Promise<Sha> {
  let current = oid;
  for (let depth = 0; depth < 16; depth++) {
    const object = await readGitObject({ repo, oid: current });
    if (object.type === 'tree') return current;
    if (object.type === 'commit') return object.data.toString('latin1', 5, 45);
    if (object.type === 'tag') {
      current = object.data.toString('latin1', 7, 47);
      continue;
    }
    break;
  }
  throw new NotFoundError(`${oid} is not a tree or a commit; pass a commit or tree id.`, { oid });
}
