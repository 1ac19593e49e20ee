import type { Sha } from '../model/request.js';

/**
 * Author or committer of a commit.
 *
 * @example
 * ```ts
 * const author: GitIdentity = { name: 'Kim', email: 'kim@example.com', timestamp: 1700000000, timezoneOffset: -60 };
 * ```
 */
export interface GitIdentity {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** Minutes, as git and isomorphic-git store it (UTC+9 is -540). */
  timezoneOffset: number;
}

/**
 * A commit object, parsed.
 *
 * @example
 * ```ts
 * const commit: CommitData = { tree, parents: [tip], message: 'Release 1.4.0\n', author, committer: author };
 * const sha = await git.writeCommit(commit);
 * ```
 */
export interface CommitData {
  tree: Sha;
  parents: Sha[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  /**
   * An armored signature of the commit without it (git's `gpgsig` header: SSH or OpenPGP), when
   * the commit is signed. Written as is; the port never signs anything itself.
   */
  signature?: string;
}

/**
 * A commit with its id.
 *
 * @example
 * ```ts
 * const info: CommitInfo = await git.readCommit(sha);
 * console.log(info.sha, info.parents.length, info.message.split('\n')[0]);
 * ```
 */
export interface CommitInfo extends CommitData {
  sha: Sha;
}

/**
 * How a path conflicts in a three-way merge.
 *
 * @example
 * ```ts
 * const kind: MergeConflictKind = 'modify-delete';
 * ```
 */
export type MergeConflictKind = 'content' | 'add-add' | 'modify-delete' | 'mode' | 'file-directory' | 'binary' | 'rename' | 'submodule';

/**
 * One conflicting path of a merge.
 *
 * @example
 * ```ts
 * const conflict: MergeConflict = { path: 'src/checkout.ts', kind: 'content' };
 * ```
 */
export interface MergeConflict {
  path: string;
  kind: MergeConflictKind;
}

/**
 * A recorded conflict resolution (team-wide rerere, `refs/relctl/resolutions/<key>`) that a merge
 * applied. A resolution is code someone wrote: every merge that applies one says so.
 *
 * @example
 * ```ts
 * const use: ResolutionUse = { path: 'README.md', key: '5f0c…', commit: '9a8b…', by: 'Ann <ann@example.com>' };
 * ```
 */
export interface ResolutionUse {
  /** The conflicting file it resolved. */
  path: string;
  /** The conflict's key (from the three conflicting blobs). */
  key: string;
  /** The resolution commit. */
  commit: Sha;
  /** Who recorded it, as the resolution commit's author says (`Name <email>`; verified separately). */
  by: string;
}

/**
 * How a merge may use recorded conflict resolutions.
 *
 * @example
 * ```ts
 * await git.mergeCommits(tip, head, { resolutions: [] }); // no recorded resolution, whatever is recorded
 * ```
 */
export interface MergeOptions {
  /**
   * `any` (what a resolving port does by default): every recorded resolution that fits; or
   * exactly these resolution commits (`[]`: none). Ports that do not resolve ignore it.
   */
  resolutions?: 'any' | readonly Sha[];
}

/**
 * Result of merging two commits on objects (no worktree, no ref). A clean merge that needed
 * recorded resolutions lists them in `resolutions`.
 *
 * @example
 * ```ts
 * const outcome: MergeOutcome = await git.mergeCommits(mainTip, requestHead);
 * if (!outcome.clean) console.log(outcome.conflicts.map((c) => c.path));
 * ```
 */
export type MergeOutcome = { clean: true; tree: Sha; resolutions?: ResolutionUse[] } | { clean: false; conflicts: MergeConflict[] };

/**
 * One ref move of a transaction. `expected`/`next` `null` mean "absent" (create / delete).
 *
 * @example
 * ```ts
 * const update: RefUpdate = { ref: 'refs/heads/main', expected: oldTip, next: releaseCommit };
 * await git.updateRefs([update], { message: 'relctl: promote A C --to prod' });
 * ```
 */
export interface RefUpdate {
  ref: string;
  expected: Sha | null;
  next: Sha | null;
}

/**
 * One entry of a tree object (one level, not recursive).
 *
 * @example
 * ```ts
 * const entries: TreeEntry[] = await git.readTree(commit);
 * entries.filter((entry) => entry.type === 'blob').map((entry) => entry.path); // ['package.json', 'README.md']
 * ```
 */
export interface TreeEntry {
  /** Octal mode as git writes it: `100644`, `100755`, `120000` (symlink), `040000` (tree), `160000` (submodule). */
  mode: string;
  /** Entry name (no slashes). */
  path: string;
  oid: Sha;
  type: 'blob' | 'tree' | 'commit';
}

/**
 * Set (`content`) or remove (`null`) the file at a slash-separated path of a tree.
 *
 * @example
 * ```ts
 * const edits: TreeEdit[] = [{ path: 'CHANGELOG.md', content: new TextEncoder().encode('# 1.4.0\n') }, { path: '.changeset/A.md', content: null }];
 * const tree = await git.editTree(commit, edits);
 * ```
 */
export interface TreeEdit {
  path: string;
  content: Uint8Array | null;
  /** Default `100644`, or the path's current mode when it exists. */
  mode?: '100644' | '100755';
}

/**
 * An annotated tag to write.
 *
 * @example
 * ```ts
 * await git.writeTag({ name: 'v1.4.0', target: releaseCommit, message: 'Release 1.4.0', tagger: identity });
 * ```
 */
export interface TagData {
  /** Short tag name, e.g. `v1.4.0`. */
  name: string;
  target: Sha;
  message: string;
  tagger: GitIdentity;
}

/**
 * Everything relctl needs from a git repository. Implemented by `@relctl/git` (isomorphic-git,
 * and the system `git` binary); the core only defines it. All methods work on objects: none
 * touches a worktree except `updateRefs`, which brings a checked-out branch's clean worktree along.
 *
 * @example
 * ```ts
 * const git: GitPort = createIsomorphicGitPort({ repo });
 * const tip = await git.readRef('refs/heads/main');
 * ```
 */
export interface GitPort {
  /** Resolve a full ref name to a commit id, or `null` when absent. */
  readRef(ref: string): Promise<Sha | null>;
  /** All refs under a prefix such as `refs/heads/req/`, sorted by name. */
  listRefs(prefix: string): Promise<Array<{ ref: string; sha: Sha }>>;
  readCommit(sha: Sha): Promise<CommitInfo>;
  writeCommit(commit: CommitData): Promise<Sha>;
  writeTag(tag: TagData): Promise<Sha>;
  /** File contents at a path of a commit's (or tree's) tree, or `null` when the path is absent. */
  readFile(commitOrTree: Sha, path: string): Promise<Uint8Array | null>;
  /** The entries of a tree, or of a commit's root tree, one level deep, sorted as git sorts them. */
  readTree(commitOrTree: Sha): Promise<TreeEntry[]>;
  /** Write a blob object; returns its id. */
  writeBlob(content: Uint8Array): Promise<Sha>;
  /**
   * Write the tree that results from applying `edits` to `tree` (`null`: the empty tree), creating
   * and pruning sub-trees as needed; returns the new tree id (objects are written, nothing else moves).
   */
  editTree(tree: Sha | null, edits: TreeEdit[]): Promise<Sha>;
  /** True when `ancestor` is `descendant` or reachable from it. */
  isAncestor(ancestor: Sha, descendant: Sha): Promise<boolean>;
  /** Best common ancestors (several for criss-cross histories). */
  mergeBases(a: Sha, b: Sha): Promise<Sha[]>;
  /**
   * Three-way merge of two commits' trees; writes the merged tree's objects when clean. A port
   * that reuses recorded resolutions applies the ones `options.resolutions` allows and lists them.
   */
  mergeCommits(ours: Sha, theirs: Sha, options?: MergeOptions): Promise<MergeOutcome>;
  /** First-parent history from `tip`, newest first, stopping before `until` or after `limit` commits. */
  firstParentHistory(tip: Sha, options?: { until?: Sha; limit?: number }): Promise<CommitInfo[]>;
  /**
   * Move refs as one compare-and-swap transaction with a journal: all move or none does.
   * Throws a `RefRaceError` naming the ref whose value was not `expected`.
   */
  updateRefs(updates: RefUpdate[], options: { message: string }): Promise<void>;
}
