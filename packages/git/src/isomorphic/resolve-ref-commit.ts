import type { Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { openHistory } from '../history/open-history.js';
import { readPackedPeeled } from '../refs/read-packed-refs.js';
import { readRawRef } from '../refs/read-raw-ref.js';
import { readGitObject } from './read-git-object.js';

/** Options of {@link resolveRefCommit}. */
export interface ResolveRefCommitOptions {
  repo: Repository;
  /** A full ref name (`refs/…`) or `HEAD`. */
  ref: string;
}

/**
 * `git rev-parse --verify <ref>^{commit}` for a full ref name: loose file first, then
 * `packed-refs`; symbolic refs followed; annotated tags peeled. `null` when the ref is absent,
 * dangling, or does not lead to a commit. Branches (`refs/heads/`, `refs/remotes/`) are trusted to
 * hold commits, as git guarantees, so reading them costs one small file read.
 *
 * @example
 * ```ts
 * const main = await resolveRefCommit({ repo, ref: 'refs/heads/main' });
 * ```
 */
export async function resolveRefCommit({ repo, ref }: ResolveRefCommitOptions): Promise<Sha | null> {
  let name = ref;
  for (let depth = 0; depth < 6; depth++) {
    const raw = await readRawRef({ repo, ref: name });
    if (raw === null) return null;
    if (raw.kind === 'symbolic') {
      name = raw.target;
      continue;
    }
    if (name.startsWith('refs/heads/') || name.startsWith('refs/remotes/')) return raw.sha;
    if (!raw.loose) {
      // packed-refs records what its annotated tags peel to, as git for-each-ref uses it: the
      // tag objects need not be read.
      const target = (await readPackedPeeled({ repo })).get(name);
      if (target !== undefined) return peelToCommit(repo, target);
    }
    return peelToCommit(repo, raw.sha);
  }
  return null;
}

async function peelToCommit(repo: Repository, oid: Sha): Promise<Sha | null> {
  const { index } = openHistory({ repo });
  let current = oid;
  for (let depth = 0; depth < 16; depth++) {
    // A commit-graph (git's, or relctl's own index) lists only commits: no object read needed.
    if (index.lookup(current) >= 0) return current;
    let object;
    try {
      object = await readGitObject({ repo, oid: current });
    } catch {
      return null;
    }
    if (object.type === 'commit') return current;
    if (object.type !== 'tag') return null;
    current = object.data.toString('latin1', 7, 47);
  }
  return null;
}
