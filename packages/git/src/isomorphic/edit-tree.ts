import { UsageError, type Sha, type TreeEdit, type TreeEntry } from '@relctl/core';
import { writeLooseObject } from '../objects/write-loose-object.js';
import type { Repository } from '../repo/repository.js';
import { parseTreeObject } from './parse-tree-object.js';
import { peelToTree } from './peel-to-tree.js';
import { readGitObject } from './read-git-object.js';
import { writeTreeObject } from './write-tree-object.js';

/** Options of {@link editTree}. */
export interface EditTreeOptions {
  repo: Repository;
  /** The tree (or commit) to start from; `null` for the empty tree. */
  tree: Sha | null;
  /** Applied in order: a later edit of the same path wins. */
  edits: TreeEdit[];
}

/** A loaded (and possibly edited) folder. Entries that were not touched stay as their tree entry. */
interface Folder {
  entries: Map<string, TreeEntry | Folder>;
}

/**
 * Apply path edits to a tree the way `git update-index --add --replace` / `--force-remove`
 * would on an index read from it, and write the result bottom-up: set a file (a file's mode is
 * kept unless `mode` is given; a file replaces a folder and a folder a file), remove a file
 * (removing a path that is absent or a folder changes nothing), prune folders left empty. Only
 * the folders on edited paths are read and written; the rest keep their ids.
 *
 * @example
 * ```ts
 * const tree = await editTree({ repo, tree: headSha, edits: [
 *   { path: 'CHANGELOG.md', content: new TextEncoder().encode('# 1.4.0\n') },
 *   { path: '.changeset/A.md', content: null },
 * ] });
 * ```
 */
export async function editTree({ repo, tree, edits }: EditTreeOptions): Promise<Sha> {
  const root: Folder = tree === null ? { entries: new Map() } : await load(repo, await peelToTree({ repo, oid: tree }));
  for (const edit of edits) await apply(repo, root, edit);
  return (await write(repo, root)) ?? writeTreeObject({ repo, entries: [] });
}

async function apply(repo: Repository, root: Folder, edit: TreeEdit): Promise<void> {
  const parts = edit.path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git' || part.includes('\0'))) {
    throw new UsageError(`cannot edit ${JSON.stringify(edit.path)}: pass a relative path without empty, ".", ".." or ".git" parts.`, {
      path: edit.path,
    });
  }
  let folder = root;
  for (const part of parts.slice(0, -1)) {
    const slot = folder.entries.get(part);
    let next: Folder;
    if (slot && isFolder(slot)) next = slot;
    else if (slot?.type === 'tree') next = await load(repo, slot.oid);
    else if (edit.content === null)
      return; // nothing to remove below a file or an absent folder
    else next = { entries: new Map() };
    folder.entries.set(part, next);
    folder = next;
  }
  const name = parts[parts.length - 1] as string;
  const existing = folder.entries.get(name);
  if (edit.content === null) {
    if (existing && !isFolder(existing) && existing.type !== 'tree') folder.entries.delete(name);
    return;
  }
  const oid = await writeLooseObject({ repo, type: 'blob', content: edit.content });
  const kept = existing && !isFolder(existing) && (existing.mode === '100755' || existing.mode === '120000') ? existing.mode : '100644';
  folder.entries.set(name, { mode: edit.mode ?? kept, path: name, oid, type: 'blob' });
}

async function write(repo: Repository, folder: Folder): Promise<Sha | null> {
  const entries: TreeEntry[] = [];
  for (const [name, slot] of folder.entries) {
    if (!isFolder(slot)) {
      entries.push(slot);
      continue;
    }
    const oid = await write(repo, slot);
    if (oid !== null) entries.push({ mode: '040000', path: name, oid, type: 'tree' });
  }
  return entries.length === 0 ? null : writeTreeObject({ repo, entries });
}

async function load(repo: Repository, oid: Sha): Promise<Folder> {
  const entries = parseTreeObject({ data: (await readGitObject({ repo, oid })).data });
  return { entries: new Map(entries.map((entry) => [entry.path, entry])) };
}

function isFolder(slot: TreeEntry | Folder): slot is Folder {
  return 'entries' in slot;
}
