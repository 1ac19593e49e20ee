import { spawn } from 'node:child_process';
import { NotFoundError, UsageError, type TreeEdit, type TreeEntry } from '@relctl/core';
import type { CatFileBatch } from './cat-file-batch.js';
import { GitCommandError } from './git-command-error.js';
import { gitEnv } from './git-env.js';
import { parseTreeObject } from './parse-tree-object.js';
import { systemWriteBlobs } from './system-write-blobs.js';
import { treePathParts } from './tree-path-parts.js';

/** Options of {@link systemEditTree}. */
export interface SystemEditTreeOptions {
  cwd: string;
  /** Reads existing trees. */
  batch: CatFileBatch;
  /** The tree (or commit) to edit; `null` for the empty tree. */
  tree: string | null;
  edits: TreeEdit[];
  env?: Record<string, string | undefined>;
}

type Entry = Omit<TreeEntry, 'path'> | { dir: Dir };

interface Dir {
  oid: string | null;
  entries: Map<string, Entry>;
  changed: boolean;
}

/**
 * Apply `edits` to a tree with the system git and return the new tree id. Blobs are written
 * with `hash-object`; only the trees on edited paths are read (`cat-file --batch`) and
 * rewritten, bottom-up, through one `git mktree -z --batch` child. Directories left empty are
 * pruned; a file replaces a directory at the same path and vice versa. Later edits of the same
 * path win.
 *
 * @example
 * ```ts
 * const tree = await systemEditTree({ cwd, batch, tree: null, edits: [{ path: 'a/b.txt', content: bytes }] });
 * ```
 */
export async function systemEditTree(options: SystemEditTreeOptions): Promise<string> {
  const { batch, cwd } = options;
  const plans = options.edits.map((edit) => {
    if (edit.mode !== undefined && edit.mode !== '100644' && edit.mode !== '100755') {
      throw new UsageError(`invalid mode ${JSON.stringify(edit.mode)} for ${edit.path}; use "100644" or "100755".`, { path: edit.path, mode: edit.mode });
    }
    return { edit, parts: treePathParts({ path: edit.path }) };
  });
  const withContent = plans.filter((plan) => plan.edit.content !== null);
  const blobIds = await systemWriteBlobs({ cwd, contents: withContent.map((plan) => plan.edit.content!), env: options.env });
  const blobOf = new Map(withContent.map((plan, index) => [plan, blobIds[index]!]));

  const loadDir = async (oid: string | null): Promise<Dir> => {
    if (oid === null) return { oid: null, entries: new Map(), changed: true };
    const object = await batch.read(`${oid}^{tree}`);
    if (!object) throw new NotFoundError(`tree ${oid} does not exist; pass an existing tree or commit id.`, { tree: oid });
    const entries = new Map<string, Entry>();
    for (const entry of parseTreeObject(object.content, object.oid.length / 2)) {
      entries.set(entry.path, { mode: entry.mode, oid: entry.oid, type: entry.type });
    }
    return { oid: object.oid, entries, changed: false };
  };

  const root = await loadDir(options.tree);
  for (const plan of plans) {
    const { parts, edit } = plan;
    let dir = root;
    let skip = false;
    for (const name of parts.slice(0, -1)) {
      const entry = dir.entries.get(name);
      let next: Dir;
      if (entry && 'dir' in entry) next = entry.dir;
      else if (entry && entry.type === 'tree') next = await loadDir(entry.oid);
      else if (edit.content === null) {
        skip = true; // deleting below a path that is not a directory: nothing to do
        break;
      } else next = { oid: null, entries: new Map(), changed: true };
      dir.entries.set(name, { dir: next });
      dir.changed = true;
      dir = next;
    }
    if (skip) continue;
    const name = parts[parts.length - 1]!;
    dir.changed = true;
    if (edit.content === null) {
      dir.entries.delete(name);
      continue;
    }
    const existing = dir.entries.get(name);
    const keep = existing && !('dir' in existing) && existing.type === 'blob' ? existing.mode : undefined;
    dir.entries.set(name, { mode: edit.mode ?? keep ?? '100644', oid: blobOf.get(plan)!, type: 'blob' });
  }

  if (!root.changed && root.oid !== null) return root.oid;
  const mktree = startMktree(cwd, options.env);
  try {
    const write = async (dir: Dir, isRoot: boolean): Promise<string | null> => {
      if (!dir.changed && dir.oid !== null) return dir.oid;
      const lines: string[] = [];
      const names = [...dir.entries.keys()];
      const written = await Promise.all(
        names.map(async (name) => {
          const entry = dir.entries.get(name)!;
          if (!('dir' in entry)) return entry;
          const oid = await write(entry.dir, false);
          return oid === null ? null : { mode: '040000', oid, type: 'tree' as const };
        }),
      );
      names.forEach((name, index) => {
        const entry = written[index];
        if (entry) lines.push(`${entry.mode} ${entry.type} ${entry.oid}\t${name}\0`);
      });
      if (lines.length === 0 && !isRoot) return null;
      return mktree.write(`${lines.join('')}\0`);
    };
    const result = await write(root, true);
    return result!;
  } finally {
    mktree.end();
  }
}

function startMktree(cwd: string, env: Record<string, string | undefined> | undefined) {
  const child = spawn('git', ['mktree', '-z', '--batch'], { cwd, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const waiting: Array<{ resolve(id: string): void; reject(error: Error): void }> = [];
  let buffered = '';
  let stderr = '';
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const request of waiting.splice(0)) request.reject(failure);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      waiting.shift()?.resolve(line.trim());
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.on('error', () => undefined);
  child.on('error', (error) =>
    fail(new GitCommandError(`could not run git mktree (${error.message}); install git or put it on PATH.`, { args: ['mktree'], exitCode: null, stderr })),
  );
  child.on('exit', (code) => {
    if (waiting.length > 0)
      fail(
        new GitCommandError(`git mktree failed (exit ${code ?? 'signal'}): ${stderr.trim() || 'no message'}`, {
          args: ['mktree', '-z', '--batch'],
          exitCode: code,
          stderr: stderr.trim(),
        }),
      );
  });
  return {
    write(input: string): Promise<string> {
      if (failure) return Promise.reject(failure);
      return new Promise<string>((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(input);
      });
    },
    end() {
      child.stdin.end();
    },
  };
}
