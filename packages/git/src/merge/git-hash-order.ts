/**
 * The order in which git iterates a `strmap`/`strintmap` (hashmap.c: FNV-1 `strhash`, a table of
 * 64 buckets growing 4x past 80% load, new entries pushed on the front of their bucket's chain,
 * chains re-threaded bucket by bucket on growth), given the order the keys were first inserted.
 *
 * merge-ort and diffcore-rename break a few ties by that order: the directory a rename guess
 * picks when two targets have as many renames (`get_highest_rename_path`), and the order in
 * which deferred directories are walked (`handle_deferred_entries`), which orders rename
 * candidates. Matching git there means iterating like git does.
 *
 * @internal
 */

const INITIAL_SIZE = 64;

function strhash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x80) hash = (Math.imul(hash, 0x01000193) ^ code) >>> 0;
    else {
      for (const byte of Buffer.from(key.slice(i), 'utf8')) hash = (Math.imul(hash, 0x01000193) ^ byte) >>> 0;
      break;
    }
  }
  return hash;
}

/**
 * Keys in git's hashmap iteration order, for a map that got `keys` inserted in this order
 * (each key once; removals never reorder the rest, and git's maps here never shrink).
 *
 * @example
 * ```ts
 * gitHashOrder(['a/b', 'c']); // the order strmap_for_each_entry would visit them in
 * ```
 */
export function gitHashOrder(keys: readonly string[]): string[] {
  if (keys.length < 2) return [...keys];
  let size = INITIAL_SIZE;
  let growAt = Math.floor((size * 80) / 100);
  let table: Array<number[]> = Array.from({ length: size }, () => []);
  const hashes = keys.map(strhash);
  for (let index = 0; index < keys.length; index++) {
    const hash = hashes[index] as number;
    (table[hash & (size - 1)] as number[]).unshift(index);
    if (index + 1 > growAt) {
      const old = table;
      size <<= 2;
      growAt = Math.floor((size * 80) / 100);
      table = Array.from({ length: size }, () => []);
      for (const chain of old) for (const entry of chain) (table[(hashes[entry] as number) & (size - 1)] as number[]).unshift(entry);
    }
  }
  const out: string[] = [];
  for (const chain of table) for (const entry of chain) out.push(keys[entry] as string);
  return out;
}

/**
 * A string-keyed map that remembers insertion order so it can be iterated like git iterates
 * the `strintmap` it stands for.
 *
 * @internal
 */
export class GitOrderedMap<V> {
  private readonly map = new Map<string, V>();
  private readonly inserted: string[] = [];

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): void {
    if (!this.map.has(key)) this.inserted.push(key);
    this.map.set(key, value);
  }

  /** Removes a key (only used where git's order no longer matters after the removal). */
  delete(key: string): void {
    if (!this.map.delete(key)) return;
    this.inserted.splice(this.inserted.indexOf(key), 1);
  }

  /** Values in insertion order (for order-independent uses). */
  values(): IterableIterator<V> {
    return this.map.values();
  }

  /** Entries in git's iteration order. */
  entries(): Array<[string, V]> {
    const keys = gitHashOrder(this.inserted);
    return keys.map((k) => [k, this.map.get(k) as V]);
  }
}
