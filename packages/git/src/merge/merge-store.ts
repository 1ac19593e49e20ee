import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import { readStoredObject } from '../history/read-stored-object.js';
import { checkLooseObject } from '../objects/check-loose-object.js';
import { writeLooseObject } from '../objects/write-loose-object.js';
import type { Repository } from '../repo/repository.js';
import { MergeObjectCache } from './merge-object-cache.js';

/** One entry of a tree as the merge engine handles it: numeric mode (`0o40000` for trees). */
export interface StoreTreeEntry {
  name: string;
  mode: number;
  oid: string;
}

/** The id of the empty tree. */
export const EMPTY_TREE_OID = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * Object access for one merge: reads through the history module's object store (isomorphic-git
 * as the fallback, with the repository's shared cache), keeping what it read for the next merges
 * ({@link MergeObjectCache}),
 * keeps the objects the merge creates in memory (hashed like git does) and writes them only when
 * asked, so a refused merge leaves the object store untouched.
 *
 * @internal
 */
export class MergeStore {
  private readonly trees = new Map<string, StoreTreeEntry[]>();
  private readonly pending = new Map<string, { type: 'blob' | 'tree'; content: Uint8Array }>();
  /** Ids read from the repository: they need no writing. */
  private readonly stored = new Set<string>();

  /** Objects earlier merges of this repository read. */
  private readonly shared: MergeObjectCache;

  constructor(readonly repo: Repository) {
    this.shared = MergeObjectCache.of(repo);
  }

  /** Entries of a tree (`null`: empty). */
  async readTree(oid: string | null): Promise<StoreTreeEntry[]> {
    if (oid === null || oid === EMPTY_TREE_OID) return [];
    const known = this.trees.get(oid);
    if (known) return known;
    const pending = this.pending.get(oid);
    let entries: StoreTreeEntry[] | undefined;
    if (pending) entries = parseTree(pending.content);
    else {
      entries = this.shared.tree(oid);
      if (!entries) {
        const stored = readStoredObject({ repo: this.repo, oid });
        if (stored?.type === 'tree') entries = parseTree(stored.data);
        else {
          const { tree } = await git.readTree({ fs: this.repo.fs, gitdir: this.repo.commonDir, oid, cache: this.repo.cache });
          entries = tree.map((e) => ({ name: e.path, mode: parseInt(e.mode, 8), oid: e.oid }));
        }
        this.shared.putTree(oid, entries);
      }
      this.stored.add(oid);
    }
    this.trees.set(oid, entries);
    return entries;
  }

  /** Contents of a blob. */
  async readBlob(oid: string): Promise<Uint8Array> {
    const pending = this.pending.get(oid);
    if (pending) return pending.content;
    let content = this.shared.blob(oid);
    if (!content) {
      const stored = readStoredObject({ repo: this.repo, oid });
      if (stored?.type === 'blob') content = stored.data;
      else content = (await git.readBlob({ fs: this.repo.fs, gitdir: this.repo.commonDir, oid, cache: this.repo.cache })).blob;
      this.shared.putBlob(oid, content);
    }
    this.stored.add(oid);
    return content;
  }

  /** Hash a blob and keep it for {@link flush}. */
  putBlob(content: Uint8Array): string {
    return this.put('blob', content);
  }

  /** Serialise, hash and keep a tree (entries in any order; sorted here as git sorts them). */
  putTree(entries: StoreTreeEntry[]): string {
    const sorted = [...entries].sort(compareTreeEntries);
    const parts: Buffer[] = [];
    for (const e of sorted) {
      parts.push(Buffer.from(`${e.mode.toString(8)} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex'));
    }
    const oid = this.put('tree', Buffer.concat(parts));
    this.trees.set(oid, sorted);
    return oid;
  }

  private put(type: 'blob' | 'tree', content: Uint8Array): string {
    const header = Buffer.from(`${type} ${content.length}\0`, 'utf8');
    const oid = createHash('sha1').update(header).update(content).digest('hex');
    if (!this.pending.has(oid)) this.pending.set(oid, { type, content });
    return oid;
  }

  /**
   * Write every object reachable from `tree` that the merge created, children before their tree:
   * a tree file is in the repository only once everything below it is, so a write that stops
   * part way (a killed process, a full disk) never leaves a tree whose presence hides missing
   * children from the next flush.
   */
  async flush(tree: string): Promise<void> {
    const stack: Array<{ oid: string; expanded: boolean }> = [{ oid: tree, expanded: false }];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const top = stack.pop() as { oid: string; expanded: boolean };
      const object = this.pending.get(top.oid);
      if (!object) continue;
      if (top.expanded) {
        await writeLooseObject({ repo: this.repo, type: object.type, content: object.content });
        continue;
      }
      if (seen.has(top.oid)) continue;
      seen.add(top.oid);
      // Already in the repository (read from it, or a loose object an earlier merge wrote), and so
      // is everything below it (children are written first): a merged directory often comes out
      // as one side's tree. A loose file is trusted only when whole: one a killed writer left
      // half written is written anew.
      if (this.stored.has(top.oid) || (await this.isWholeLooseObject(top.oid))) continue;
      stack.push({ oid: top.oid, expanded: true });
      if (object.type === 'tree') for (const e of parseTree(object.content)) if (e.mode !== 0o160000) stack.push({ oid: e.oid, expanded: false });
    }
  }

  /** Whether `oid` is a loose object file that inflates and hashes to its id (cheap when absent). */
  private async isWholeLooseObject(oid: string): Promise<boolean> {
    const path = join(this.repo.commonDir, 'objects', oid.slice(0, 2), oid.slice(2));
    if (!this.repo.fs.existsSync(path)) return false;
    return (await checkLooseObject({ fs: this.repo.fs, path, oid })).state === 'ok';
  }
}

function parseTree(content: Uint8Array): StoreTreeEntry[] {
  const buf = Buffer.from(content.buffer, content.byteOffset, content.length);
  const entries: StoreTreeEntry[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(0x20, pos);
    const nul = buf.indexOf(0, space);
    entries.push({
      mode: parseInt(buf.toString('utf8', pos, space), 8),
      name: buf.toString('utf8', space + 1, nul),
      oid: buf.toString('hex', nul + 1, nul + 21),
    });
    pos = nul + 21;
  }
  return entries;
}

/** git's tree order: names compared as bytes, a tree's name as if it ended with `/`. */
export function compareTreeEntries(a: StoreTreeEntry, b: StoreTreeEntry): number {
  const an = a.mode === 0o40000 ? `${a.name}/` : a.name;
  const bn = b.mode === 0o40000 ? `${b.name}/` : b.name;
  return Buffer.compare(Buffer.from(an, 'utf8'), Buffer.from(bn, 'utf8'));
}
