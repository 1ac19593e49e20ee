import { StateError, type GitPort, type MergeOutcome } from '@relctl/core';
import { isAncestor, mergeBases } from '../history/index.js';
import { mergeCommits } from '../merge/index.js';
import { writeLooseObject } from '../objects/write-loose-object.js';
import type { Repository } from '../repo/repository.js';
import { updateRefs } from '../refs/update-refs.js';
import { editTree } from './edit-tree.js';
import { walkFirstParentChain } from './walk-first-parent-chain.js';
import { listRefCommits } from './list-ref-commits.js';
import { readCommitInfo } from './read-commit-info.js';
import { readFileAt } from './read-file-at.js';
import { readGitObject } from './read-git-object.js';
import { readTreeEntries } from './read-tree-entries.js';
import { renderCommitObject } from './render-commit-object.js';
import { renderTagObject } from './render-tag-object.js';
import { resolveRefCommit } from './resolve-ref-commit.js';

/**
 * Options of {@link createIsomorphicGitPort}.
 *
 * @example
 * ```ts
 * const git = createIsomorphicGitPort({ repo: await openRepository({ cwd: process.cwd() }) });
 * ```
 */
export interface CreateIsomorphicGitPortOptions {
  /** The opened repository (`openRepository`); its `fs` and cache are shared by every call. */
  repo: Repository;
}

/**
 * The {@link GitPort} on isomorphic-git: works without a `git` binary. Every call goes through
 * `repo.fs`, `repo.commonDir` and the shared `repo.cache`. Refs are read as git's files backend
 * stores them (loose, then `packed-refs`); `readRef` and `listRefs` give commits (tags peeled);
 * commits and tags are written byte for byte as `git commit-tree` / `git tag -a` would (messages
 * verbatim), and every object as git writes one (a temp file renamed into place; a damaged file
 * already there is replaced: see `writeLooseObject`); `updateRefs` is the journaled
 * compare-and-swap transaction of `refs/`, which also brings a clean checked-out worktree along.
 * SHA-256 repositories are refused (isomorphic-git only knows SHA-1).
 *
 * @example
 * ```ts
 * const repo = await openRepository({ cwd: process.cwd() });
 * const port = createIsomorphicGitPort({ repo });
 * const main = await port.readRef('refs/heads/main');
 * const tree = await port.editTree(main, [{ path: 'VERSION', content: new TextEncoder().encode('1.4.0\n') }]);
 * ```
 */
export function createIsomorphicGitPort({ repo }: CreateIsomorphicGitPortOptions): GitPort {
  if (repo.objectFormat !== 'sha1') {
    throw new StateError(`${repo.commonDir} is a SHA-256 repository, which isomorphic-git cannot read; use the system git port (createSystemGitPort) for it.`, {
      commonDir: repo.commonDir,
      objectFormat: repo.objectFormat,
    });
  }
  return {
    readRef: (ref) => resolveRefCommit({ repo, ref }),
    listRefs: (prefix) => listRefCommits({ repo, prefix }),
    readCommit: (sha) => readCommitInfo({ repo, sha }),
    writeCommit: (commit) => writeLooseObject({ repo, type: 'commit', content: renderCommitObject({ commit }) }),
    async writeTag(tag) {
      const { type } = await readGitObject({ repo, oid: tag.target });
      return writeLooseObject({ repo, type: 'tag', content: renderTagObject({ tag, type }) });
    },
    readFile: (treeish, path) => readFileAt({ repo, treeish, path }),
    readTree: (treeish) => readTreeEntries({ repo, treeish }),
    writeBlob: (content) => writeLooseObject({ repo, type: 'blob', content }),
    editTree: (tree, edits) => editTree({ repo, tree, edits }),
    isAncestor: (ancestor, descendant) => isAncestor({ repo, ancestor, descendant }),
    mergeBases: (a, b) => mergeBases({ repo, a, b }),
    async mergeCommits(ours, theirs): Promise<MergeOutcome> {
      const outcome = await mergeCommits({ repo, ours, theirs });
      return outcome.clean ? { clean: true, tree: outcome.tree } : { clean: false, conflicts: outcome.conflicts.map(({ path, kind }) => ({ path, kind })) };
    },
    // history/firstParentHistory stops at every ancestor of `until` (rev-list ^until); the port's
    // contract stops only where the first-parent chain meets `until`, so the chain is walked here.
    firstParentHistory: (tip, options) => walkFirstParentChain({ repo, tip, until: options?.until, limit: options?.limit }),
    async updateRefs(updates, options) {
      await updateRefs({ repo, updates, message: options.message });
    },
  };
}
