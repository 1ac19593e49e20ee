import type { Repository } from '../repo/repository.js';
import type { StoreTreeEntry } from './merge-store.js';

const EXTENSION = '@relctl/git/merge-object-cache';
/** Bytes of blob content kept across merges. */
const BLOB_BYTES = 32 * 1024 * 1024;
/** Parsed trees kept across merges. */
const TREES = 8192;

/**
 * Stored objects the merges of one repository read, kept (least recently used first out) from
 * one merge to the next: a rebuild, a sync or a conflict matrix merges many requests against
 * the same production trees, and inflating the same objects again costs more than the merge.
 * Objects are immutable by id, so a cached one is never stale.
 *
 * @internal
 */
export class MergeObjectCache {
  private readonly trees = new Map<string, StoreTreeEntry[]>();
  private readonly blobs = new Map<string, Uint8Array>();
  private blobBytes = 0;

  /** The cache of a repository (created on first use). */
  static of(repo: Repository): MergeObjectCache {
    let cache = repo.extensions.get(EXTENSION) as MergeObjectCache | undefined;
    if (!cache) repo.extensions.set(EXTENSION, (cache = new MergeObjectCache()));
    return cache;
  }

  tree(oid: string): StoreTreeEntry[] | undefined {
    const entries = this.trees.get(oid);
    if (entries) {
      this.trees.delete(oid);
      this.trees.set(oid, entries);
    }
    return entries;
  }

  putTree(oid: string, entries: StoreTreeEntry[]): void {
    this.trees.set(oid, entries);
    if (this.trees.size > TREES) this.trees.delete(this.trees.keys().next().value as string);
  }

  blob(oid: string): Uint8Array | undefined {
    const content = this.blobs.get(oid);
    if (content) {
      this.blobs.delete(oid);
      this.blobs.set(oid, content);
    }
    return content;
  }

  putBlob(oid: string, content: Uint8Array): void {
    if (content.length > BLOB_BYTES / 8 || this.blobs.has(oid)) return;
    this.blobs.set(oid, content);
    this.blobBytes += content.length;
    while (this.blobBytes > BLOB_BYTES) {
      const [oldest, bytes] = this.blobs.entries().next().value as [string, Uint8Array];
      this.blobs.delete(oldest);
      this.blobBytes -= bytes.length;
    }
  }
}
