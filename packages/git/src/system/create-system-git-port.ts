import { spawn } from 'node:child_process';
import { NotFoundError, StateError, UsageError, type CommitData, type CommitInfo, type GitIdentity, type GitPort, type MergeOutcome, type Sha, type TreeEntry } from '@relctl/core';
import { createCatFileBatch } from './cat-file-batch.js';
import { GitCommandError } from './git-command-error.js';
import { gitDateText } from './git-date-text.js';
import { gitEnv } from './git-env.js';
import { parseCommitObject } from './parse-commit-object.js';
import { parseMergeTreeOutput } from './parse-merge-tree-output.js';
import { parseTreeObject } from './parse-tree-object.js';
import { removeDamagedObject } from './remove-damaged-object.js';
import { replaceDamagedObject } from './replace-damaged-object.js';
import { renderCommitObject } from '../isomorphic/render-commit-object.js';
import { runGit } from './run-git.js';
import { systemEditTree } from './system-edit-tree.js';
import { systemUpdateRefs } from './system-update-refs.js';
import { systemWriteBlobs } from './system-write-blobs.js';
import { treePathParts } from './tree-path-parts.js';

/**
 * Options of {@link createSystemGitPort}.
 *
 * @example
 * ```ts
 * const git = createSystemGitPort({ cwd: '/work/app', env: { GIT_CONFIG_NOSYSTEM: '1' } });
 * ```
 */
export interface CreateSystemGitPortOptions {
  /** A folder inside the repository's worktree, or a bare repository. */
  cwd: string;
  /** Extra environment for every git child (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
}

/**
 * A {@link GitPort} on the system `git` binary; `close()` ends its `cat-file --batch` child.
 *
 * @example
 * ```ts
 * const git: SystemGitPort = createSystemGitPort({ cwd: '/work/app' });
 * try { console.log(await git.readRef('refs/heads/main')); } finally { git.close(); }
 * ```
 */
export interface SystemGitPort extends GitPort {
  readonly cwd: string;
  /** End the long-lived `git cat-file --batch` child (it never keeps Node alive; this frees it early). */
  close(): void;
}

const COMMIT_CACHE_LIMIT = 20_000;

/**
 * The git port on the system `git` binary, for large repositories and SSH remotes. Reads go
 * through one long-lived `git cat-file --batch` child (pipelined); writes use plumbing
 * (`hash-object`, `mktree`, `commit-tree`, `mktag`), merges `merge-tree --write-tree`, and ref
 * moves one `update-ref --stdin` transaction. No shell is ever involved: arguments are arrays.
 * git writes objects through a temp file itself; an object file it keeps although it is damaged
 * (git only freshens a file that is there) is removed and written again (`replaceDamagedObject`).
 *
 * @example
 * ```ts
 * const git = createSystemGitPort({ cwd: process.cwd() });
 * try {
 *   const main = await git.readRef('refs/heads/main');
 *   if (main) console.log((await git.readCommit(main)).message);
 * } finally {
 *   git.close();
 * }
 * ```
 */
export function createSystemGitPort(options: CreateSystemGitPortOptions): SystemGitPort {
  const { cwd, env } = options;
  const batch = createCatFileBatch({ cwd, env });
  const commits = new Map<Sha, CommitInfo>();
  let emptyTree: Promise<Sha> | null = null;

  const git = (args: string[], extra: { input?: string | Uint8Array; env?: Record<string, string | undefined>; okExitCodes?: number[] } = {}) =>
    runGit({ cwd, args, input: extra.input, env: { ...env, ...extra.env }, okExitCodes: extra.okExitCodes });

  // The objects folder, asked once (GIT_DIR, GIT_OBJECT_DIRECTORY and worktrees as git sees them).
  let objectsDir: Promise<string> | null = null;
  const getObjectsDir = () => {
    objectsDir ??= git(['rev-parse', '--path-format=absolute', '--git-path', 'objects']).then((result) => result.stdout.toString('utf8').trim());
    objectsDir.catch(() => (objectsDir = null));
    return objectsDir;
  };
  /** Run a command that writes an object and returns its id; write again over a damaged file it kept. */
  const written = async (write: () => Promise<string>): Promise<string> => {
    const oid = await write();
    return replaceDamagedObject({ objectsDir: await getObjectsDir(), oid, write });
  };

  const getEmptyTree = () => {
    emptyTree ??= git(['hash-object', '-t', 'tree', '-w', '--stdin'], { input: '' }).then((result) => result.stdout.toString('utf8').trim());
    emptyTree.catch(() => (emptyTree = null));
    return emptyTree;
  };

  const readCommit = async (sha: Sha): Promise<CommitInfo> => {
    const cached = commits.get(sha);
    if (cached) return cached;
    const cacheable = /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha);
    const object = await batch.read(checkName(sha, 'commit'));
    if (!object || object.type !== 'commit') {
      throw new NotFoundError(`commit ${sha} does not exist in ${cwd}; fetch it or check the id.`, { sha });
    }
    const info: CommitInfo = { sha: object.oid, ...parseCommitObject(object.content) };
    if (cacheable) {
      if (commits.size >= COMMIT_CACHE_LIMIT) commits.delete(commits.keys().next().value!);
      commits.set(sha, info);
    }
    return info;
  };

  const port: SystemGitPort = {
    cwd,

    async readRef(ref) {
      if (ref.length === 0 || /[\s\0]/.test(ref) || ref.startsWith('-')) return null;
      const object = await batch.read(`${ref}^{commit}`);
      return object ? object.oid : null;
    },

    async listRefs(prefix) {
      const slash = prefix.lastIndexOf('/');
      const dir = slash >= 0 ? prefix.slice(0, slash + 1) : '';
      const patterns = dir !== '' && !/[*?[\\]/.test(dir) ? [dir] : [];
      const { stdout } = await git(['for-each-ref', '--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname)', ...patterns]);
      const refs: Array<{ ref: string; sha: Sha }> = [];
      // `%(*…)` peels one level only: a tag of a tag is peeled the rest of the way below.
      const nested: Array<{ ref: string; tag: Sha }> = [];
      for (const line of stdout.toString('utf8').split('\n')) {
        const [type, sha, peeledType, peeled, ref] = line.split(' ');
        if (!ref || !ref.startsWith(prefix)) continue;
        if (type === 'commit') refs.push({ ref, sha: sha! });
        else if (peeledType === 'commit') refs.push({ ref, sha: peeled! });
        else if (peeledType === 'tag') nested.push({ ref, tag: peeled! });
      }
      // The port's cat-file child peels them (pipelined), as readRef does.
      const commits = await Promise.all(nested.map(({ tag }) => batch.read(`${tag}^{commit}`)));
      nested.forEach(({ ref }, i) => {
        const commit = commits[i];
        if (commit?.type === 'commit') refs.push({ ref, sha: commit.oid });
      });
      return refs.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    },

    readCommit,

    async writeCommit(commit: CommitData) {
      if (commit.signature !== undefined) {
        // A signed commit: its exact bytes (commit-tree would sign with git's own config or not at all).
        checkName(commit.tree, 'tree');
        for (const parent of commit.parents) checkName(parent, 'parent');
        const bytes = renderCommitObject({ commit });
        return written(async () => (await git(['hash-object', '-t', 'commit', '-w', '--stdin'], { input: bytes })).stdout.toString('utf8').trim());
      }
      const args = ['-c', 'i18n.commitEncoding=UTF-8', 'commit-tree', '--no-gpg-sign', checkName(commit.tree, 'tree')];
      for (const parent of commit.parents) args.push('-p', checkName(parent, 'parent'));
      const env = { ...identityEnv('AUTHOR', commit.author), ...identityEnv('COMMITTER', commit.committer) };
      return written(async () => (await git(args, { input: commit.message, env })).stdout.toString('utf8').trim());
    },

    async writeTag(tag) {
      const target = await batch.read(checkName(tag.target, 'tag target'));
      if (!target) throw new NotFoundError(`cannot tag ${tag.target}: no such object; fetch it or check the id.`, { target: tag.target });
      if (/[\s\0]/.test(tag.name) || tag.name === '') {
        throw new UsageError(`invalid tag name ${JSON.stringify(tag.name)}; use a name like v1.4.0.`, { name: tag.name });
      }
      const text = `object ${target.oid}\ntype ${target.type}\ntag ${tag.name}\n` + `tagger ${tag.tagger.name} <${tag.tagger.email}> ${gitDateText(tag.tagger)}\n\n${tag.message}`;
      return written(async () => (await git(['mktag'], { input: text })).stdout.toString('utf8').trim());
    },

    async readFile(commitOrTree, path) {
      const parts = treePathParts({ path });
      const name = checkName(commitOrTree, 'tree');
      const object = await batch.read(`${name}:${parts.join('/')}`);
      if (object) return object.type === 'blob' ? new Uint8Array(object.content.buffer, object.content.byteOffset, object.content.byteLength) : null;
      if (!(await batch.read(`${name}^{tree}`))) {
        throw new NotFoundError(`${commitOrTree} is not a commit or tree in ${cwd}; fetch it or check the id.`, { sha: commitOrTree });
      }
      return null;
    },

    async readTree(commitOrTree): Promise<TreeEntry[]> {
      const object = await batch.read(`${checkName(commitOrTree, 'tree')}^{tree}`);
      if (!object) throw new NotFoundError(`${commitOrTree} is not a commit or tree in ${cwd}; fetch it or check the id.`, { sha: commitOrTree });
      return parseTreeObject(object.content, object.oid.length / 2);
    },

    async writeBlob(content) {
      return written(async () => (await systemWriteBlobs({ cwd, contents: [content], env }))[0]!);
    },

    async editTree(tree, edits) {
      if (tree === null && edits.length === 0) return getEmptyTree();
      return written(() => systemEditTree({ cwd, batch, tree: tree === null ? null : checkName(tree, 'tree'), edits, env }));
    },

    async isAncestor(ancestor, descendant) {
      const result = await git(['merge-base', '--is-ancestor', checkName(ancestor, 'commit'), checkName(descendant, 'commit')], { okExitCodes: [0, 1, 128] });
      if (result.exitCode === 128) throw missingCommits([ancestor, descendant], result.stderr);
      return result.exitCode === 0;
    },

    async mergeBases(a, b) {
      const result = await git(['merge-base', '--all', checkName(a, 'commit'), checkName(b, 'commit')], { okExitCodes: [0, 1, 128] });
      if (result.exitCode === 128) throw missingCommits([a, b], result.stderr);
      return result.stdout
        .toString('utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    },

    async mergeCommits(ours, theirs): Promise<MergeOutcome> {
      const args = ['merge-tree', '--write-tree', '-z', checkName(ours, 'commit'), checkName(theirs, 'commit')];
      let result = await git(args, { okExitCodes: [0, 1, 128] });
      // git dies on a damaged loose object it meets, such as a merged tree that a writer killed half
      // way through left behind: remove it (nothing can read it) and merge again, which writes it anew.
      for (let attempt = 0; result.exitCode === 128 && attempt < 8; attempt += 1) {
        const oid = damagedObjectIn(result.stderr);
        if (oid === null || !(await removeDamagedObject({ objectsDir: await getObjectsDir(), oid }))) break;
        result = await git(args, { okExitCodes: [0, 1, 128] });
      }
      if (result.exitCode === 128) {
        if (/unrelated histories/i.test(result.stderr)) {
          throw new StateError(`${ours} and ${theirs} have no common history; relctl only merges branches cut from the same history.`, { ours, theirs });
        }
        throw missingCommits([ours, theirs], result.stderr);
      }
      return parseMergeTreeOutput({ stdout: result.stdout.toString('utf8'), exitCode: result.exitCode });
    },

    async firstParentHistory(tip, historyOptions = {}) {
      const { until, limit } = historyOptions;
      if (limit !== undefined && limit <= 0) return [];
      const args = ['rev-list', '--first-parent'];
      if (limit !== undefined) args.push(`--max-count=${Math.floor(limit)}`);
      args.push(checkName(tip, 'commit'));
      const shas = await revList(cwd, args, until ?? null, env);
      return Promise.all(shas.map((sha) => readCommit(sha)));
    },

    updateRefs(updates, updateOptions) {
      return systemUpdateRefs({ cwd, updates, message: updateOptions.message, emptyTree: getEmptyTree, env });
    },

    close() {
      batch.close();
    },
  };
  return port;
}

function checkName(name: string, what: string): string {
  if (name.length === 0 || name.startsWith('-') || /[\s\0]/.test(name)) {
    throw new UsageError(`invalid ${what} id ${JSON.stringify(name)}; pass a full object id.`, { id: name });
  }
  return name;
}

function identityEnv(role: 'AUTHOR' | 'COMMITTER', identity: GitIdentity): Record<string, string> {
  return {
    [`GIT_${role}_NAME`]: identity.name,
    [`GIT_${role}_EMAIL`]: identity.email,
    [`GIT_${role}_DATE`]: `@${gitDateText(identity)}`,
  };
}

/** The object git named as damaged in `stderr` ("loose object <id> (stored in …) is corrupt", "object file …/<id> is empty"), or `null`. */
function damagedObjectIn(stderr: string): string | null {
  const corrupt = /loose object ([0-9a-f]{40}(?:[0-9a-f]{24})?) \(stored in /.exec(stderr);
  if (corrupt?.[1]) return corrupt[1];
  const empty = /object file \S*objects\/([0-9a-f]{2})\/([0-9a-f]{38}(?:[0-9a-f]{24})?) is empty/.exec(stderr);
  return empty ? `${empty[1]}${empty[2]}` : null;
}

function missingCommits(ids: string[], stderr: string): Error {
  return new NotFoundError(`${ids.join(' or ')} is not a commit here (${stderr.trim().split('\n')[0] ?? ''}); fetch it or check the id.`, { ids });
}

/** Stream `git rev-list`, stopping (and ending the child) at `until`. */
function revList(cwd: string, args: string[], until: string | null, env: Record<string, string | undefined> | undefined): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(env), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const shas: string[] = [];
    let partial = '';
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === until) {
          stopped = true;
          child.kill();
          resolve(shas);
          return;
        }
        if (line !== '') shas.push(line);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => reject(new GitCommandError(`could not run git rev-list (${error.message})`, { args, exitCode: null, stderr })));
    child.on('close', (code) => {
      if (stopped) return;
      if (partial !== '' && partial !== until) shas.push(partial);
      if (code === 0) resolve(shas);
      else reject(new NotFoundError(`cannot walk history from ${args[args.length - 1]} (${stderr.trim().split('\n')[0] ?? ''}); fetch it or check the id.`, { args }));
    });
  });
}
