import type * as nodeFs from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { StateError } from '@relctl/core';
import { compareKey } from './compare-key.js';

/** A git object as stored: its type and its inflated content (no `type size\0` header). */
export interface RawObject {
  type: 'commit' | 'tree' | 'blob' | 'tag';
  data: Buffer;
}

/** Reads objects straight from pack files and loose objects (and alternates), synchronously. */
export interface ObjectStore {
  /**
   * The object, or `null` when no pack or loose file holds it. With `remember`, a commit is also
   * kept in a small cache of recent commits (for listings read again and again).
   */
  read(oid: string, remember?: boolean): RawObject | null;
  /** Close the files kept open since the last call (reading again reopens them). */
  close(): void;
}

/** Options of {@link openObjectStore}. */
export interface OpenObjectStoreOptions {
  fs: typeof nodeFs;
  /** The repository's `objects` folder. */
  objectsDir: string;
  /** 20 (SHA-1) or 32 (SHA-256). */
  hashLength: number;
  /**
   * Ids read on each side of an id's predicted place in a pack index (default 64). Tests make it
   * tiny so that predictions miss and the fallback search runs.
   * @internal
   */
  indexProbeSpan?: number;
}

const TYPES = [undefined, 'commit', 'tree', 'blob', 'tag'] as const;
/** Pack data is read in windows this big, at most MAX_WINDOWS of them kept per pack (64 MiB). */
const WINDOW = 1 << 16;
const MAX_WINDOWS = 1024;
/** How many commit objects are kept once read (about 300 bytes each). */
const RECENT_COMMITS = 8192;
/** Ids read on each side of an id's predicted position in its pack index bucket. */
const PREDICTION_SPAN = 64;

/**
 * Open the object database of a repository for fast synchronous reads: pack indexes (v2) are
 * read in small pieces as lookups need them (see findOffset), pack data through 64 KiB windows, deltas
 * (`OFS_DELTA`, `REF_DELTA`) are resolved, loose objects and `objects/info/alternates` are
 * followed. New packs (after a fetch or gc) are picked up when an object is not found.
 * About 50 times faster than isomorphic-git's `readCommit` for walking commits.
 *
 * @example
 * ```ts
 * const store = openObjectStore({ fs, objectsDir: join(repo.commonDir, 'objects'), hashLength: 20 });
 * const commit = store.read(headSha); // { type: 'commit', data: <Buffer …> }
 * ```
 */
export function openObjectStore(options: OpenObjectStoreOptions): ObjectStore {
  return new FileObjectStore(options.fs, options.objectsDir, options.hashLength, options.indexProbeSpan ?? PREDICTION_SPAN);
}

interface Pack {
  path: string;
  indexPath: string;
  /** The fanout table, read on the first lookup; ids and offsets are read as lookups need them. */
  fanout: Buffer | null;
  count: number;
  namesAt: number;
  offsetsAt: number;
  largeAt: number;
  size: number;
  windows: Map<number, Buffer>;
}

class FileObjectStore implements ObjectStore {
  private readonly dirs: string[];
  private packs: Pack[] = [];
  private scanned = false;
  private readonly knownPacks = new Set<string>();
  private readonly baseCache = new Map<string, RawObject>();
  private readonly open = new Map<string, number>();
  /** Recently read commit objects (small, and read again by history listings). */
  private readonly commits = new Map<string, RawObject>();
  /** Ids read from a pack index for one lookup (reused: see findOffset). */
  private scratch = Buffer.allocUnsafe(2 * PREDICTION_SPAN * 32);
  /** An offset table entry (4 bytes, or 8 for a 64-bit offset). */
  private readonly offsetBytes = Buffer.alloc(8);

  constructor(
    private readonly fs: typeof nodeFs,
    objectsDir: string,
    private readonly hashLength: number,
    private readonly probeSpan: number,
  ) {
    this.dirs = collectObjectDirs(fs, objectsDir);
  }

  read(oid: string, remember = false): RawObject | null {
    const recent = this.commits.get(oid);
    if (recent) return recent;
    const key = Buffer.from(oid, 'hex');
    if (key.length !== this.hashLength) return null;
    if (!this.scanned) {
      this.scanned = true;
      this.scanPacks();
    }
    // A fetch or a gc may have written new packs since we looked.
    const found = this.readFromPacks(key) ?? this.readLoose(oid) ?? (this.scanPacks() ? this.readFromPacks(key) : null);
    if (remember && found?.type === 'commit') {
      if (this.commits.size >= RECENT_COMMITS) this.commits.delete(this.commits.keys().next().value as string);
      this.commits.set(oid, found);
    }
    return found;
  }

  private readFromPacks(key: Buffer): RawObject | null {
    for (const pack of this.packs) {
      const offset = this.findOffset(pack, key);
      if (offset >= 0) return this.readPacked(pack, offset);
    }
    return null;
  }

  private readLoose(oid: string): RawObject | null {
    for (const dir of this.dirs) {
      let file: Buffer;
      try {
        file = this.fs.readFileSync(join(dir, oid.slice(0, 2), oid.slice(2)));
      } catch {
        continue;
      }
      let raw: Buffer;
      try {
        raw = inflateSync(file);
      } catch {
        throw new StateError(`Loose object ${oid} is damaged; run "git fsck" to find the damage.`, { oid });
      }
      const space = raw.indexOf(0x20);
      const nul = raw.indexOf(0, space);
      const type = raw.toString('latin1', 0, space);
      if (type !== 'commit' && type !== 'tree' && type !== 'blob' && type !== 'tag') {
        throw new StateError(`Loose object ${oid} has an unknown type "${type}"; run "git fsck" to find the damage.`, { oid });
      }
      return { type, data: raw.subarray(nul + 1) };
    }
    return null;
  }

  /** Add packs that appeared since the last scan; true when there were any. */
  private scanPacks(): boolean {
    let added = false;
    for (const dir of this.dirs) {
      let names: string[];
      try {
        names = this.fs.readdirSync(join(dir, 'pack'));
      } catch {
        continue;
      }
      for (const name of names) {
        if (!name.endsWith('.idx')) continue;
        const path = join(dir, 'pack', name.slice(0, -4) + '.pack');
        if (this.knownPacks.has(path)) continue;
        const pack = this.openPack(join(dir, 'pack', name), path);
        if (!pack) continue;
        this.knownPacks.add(path);
        this.packs.unshift(pack);
        added = true;
      }
    }
    return added;
  }

  private openPack(indexPath: string, packPath: string): Pack | null {
    let size: number;
    try {
      if (!this.fs.existsSync(indexPath)) return null;
      size = this.fs.statSync(packPath).size;
    } catch {
      return null; // a pack being written or removed right now
    }
    return { path: packPath, indexPath, fanout: null, count: 0, namesAt: 0, offsetsAt: 0, largeAt: 0, size, windows: new Map() };
  }

  /**
   * Find the object's offset in the pack (-1: not in this pack) with small reads of the index
   * instead of loading it. Object ids are uniformly distributed, so the id's position inside its
   * fanout bucket is predictable: one read of the ids around the predicted position (about 2.5
   * KiB) holds it almost always, and one 4-byte read gives its offset. Loading a whole index
   * instead costs its size in fresh memory (20 MB at 730k objects), and first touches of fresh
   * memory are slow (about 100 ms for that index on a VM); the whole bucket is read only when
   * the prediction misses.
   */
  private findOffset(pack: Pack, key: Buffer): number {
    const fanout = this.fanout(pack);
    const first = key[0] as number;
    const low = first === 0 ? 0 : fanout.readUInt32BE(8 + (first - 1) * 4);
    const high = fanout.readUInt32BE(8 + first * 4);
    if (high <= low) return -1;
    const guess = low + Math.floor((key.readUInt32BE(1) / 2 ** 32) * (high - low));
    const from = Math.max(low, guess - this.probeSpan);
    const to = Math.min(high, guess + this.probeSpan + 1);
    const near = this.searchIds(pack, key, from, to);
    if (near.found >= 0) return this.offsetAt(pack, near.found);
    // Not found between from and to: absent, unless the id sorts outside that window.
    const absent = near.order === 'inside' || (near.order === 'before' && from === low) || (near.order === 'after' && to === high);
    if (absent) return -1;
    const whole = this.searchIds(pack, key, low, high);
    return whole.found >= 0 ? this.offsetAt(pack, whole.found) : -1;
  }

  /** The fanout table (and the table positions), read on the first lookup of a pack. */
  private fanout(pack: Pack): Buffer {
    if (pack.fanout) return pack.fanout;
    const header = Buffer.alloc(8 + 1024);
    this.readFile(pack.indexPath, header, header.length, 0);
    if (header.readUInt32BE(0) !== 0xff744f63 || header.readUInt32BE(4) !== 2) {
      throw new StateError(`${pack.indexPath} is not a version 2 pack index; rewrite it with "git repack -a -d".`, { path: pack.indexPath });
    }
    pack.fanout = header;
    pack.count = header.readUInt32BE(8 + 255 * 4);
    pack.namesAt = 8 + 256 * 4;
    pack.offsetsAt = pack.namesAt + pack.count * this.hashLength + pack.count * 4;
    pack.largeAt = pack.offsetsAt + pack.count * 4;
    return header;
  }

  /**
   * Binary search of the index's ids `from` (inclusive) to `to` (exclusive), read into a reused
   * buffer. `order` tells where a missing id sorts: before the first id read, after the last,
   * or inside the range.
   */
  private searchIds(pack: Pack, key: Buffer, from: number, to: number): { found: number; order: 'before' | 'inside' | 'after' } {
    const { hashLength } = this;
    const length = (to - from) * hashLength;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    const ids = this.scratch;
    this.readFile(pack.indexPath, ids, length, pack.namesAt + from * hashLength);
    const head = key.readUInt32BE(0);
    let lowIndex = 0;
    let highIndex = to - from;
    while (lowIndex < highIndex) {
      const mid = (lowIndex + highIndex) >>> 1;
      const order = compareKey(ids, mid * hashLength, key, head, hashLength);
      if (order === 0) return { found: from + mid, order: 'inside' };
      if (order > 0) highIndex = mid;
      else lowIndex = mid + 1;
    }
    return { found: -1, order: lowIndex === 0 ? 'before' : lowIndex === to - from ? 'after' : 'inside' };
  }

  /** The pack offset of the index's `position`-th object (64-bit offsets followed). */
  private offsetAt(pack: Pack, position: number): number {
    const entry = this.offsetBytes;
    this.readFile(pack.indexPath, entry, 4, pack.offsetsAt + position * 4);
    const small = entry.readUInt32BE(0);
    if (small < 0x80000000) return small;
    this.readFile(pack.indexPath, entry, 8, pack.largeAt + (small & 0x7fffffff) * 8);
    return entry.readUInt32BE(0) * 2 ** 32 + entry.readUInt32BE(4);
  }

  private readPacked(pack: Pack, offset: number): RawObject {
    // Follow the delta chain down to a whole object, then apply the deltas back up, keeping
    // the intermediate results: they are the bases of other deltas too.
    const chain: Array<{ at: number; delta: Buffer }> = [];
    let base: RawObject | null = null;
    let at = offset;
    while (!base) {
      const cached = this.baseCache.get(`${pack.path}:${at}`);
      if (cached) {
        base = cached;
        break;
      }
      const head = this.bytes(pack, at, 32);
      let byte = head[0] as number;
      const type = (byte >> 4) & 7;
      let size = byte & 15;
      let shift = 4;
      let pos = 1;
      while (byte & 0x80) {
        byte = head[pos++] as number;
        size += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      }
      if (type === 6) {
        byte = head[pos++] as number;
        let back = byte & 0x7f;
        while (byte & 0x80) {
          byte = head[pos++] as number;
          back = (back + 1) * 128 + (byte & 0x7f);
        }
        chain.push({ at, delta: this.inflateAt(pack, at + pos, size) });
        at -= back;
      } else if (type === 7) {
        const baseOid = this.bytes(pack, at + pos, this.hashLength).toString('hex');
        chain.push({ at, delta: this.inflateAt(pack, at + pos + this.hashLength, size) });
        base = this.read(baseOid);
        if (!base) throw new StateError(`Delta base ${baseOid} is missing from ${pack.path}; run "git fsck".`, { oid: baseOid });
      } else {
        const name = TYPES[type];
        if (!name) throw new StateError(`Unknown object type ${type} at offset ${at} of ${pack.path}; run "git fsck".`, { path: pack.path });
        base = { type: name, data: this.inflateAt(pack, at + pos, size) };
        if (chain.length > 0) this.remember(`${pack.path}:${at}`, base);
      }
    }
    let result = base;
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      const link = chain[i] as { at: number; delta: Buffer };
      result = { type: result.type, data: applyDelta(result.data, link.delta) };
      if (i > 0) this.remember(`${pack.path}:${link.at}`, result);
    }
    return result;
  }

  private remember(key: string, value: RawObject): void {
    if (this.baseCache.size >= 256) this.baseCache.delete(this.baseCache.keys().next().value as string);
    this.baseCache.set(key, value);
  }

  private inflateAt(pack: Pack, at: number, size: number): Buffer {
    // Deflate never grows data by more than ~0.1% plus a few bytes; trailing bytes are ignored.
    const bound = Math.min(pack.size - at, size + (size >> 6) + 64);
    // An output chunk of the exact size: the default 16 KiB per call dominates small reads.
    const data = inflateSync(this.bytes(pack, at, bound), { chunkSize: Math.max(64, size + 1) });
    if (data.length !== size) throw new StateError(`Object at offset ${at} of ${pack.path} is damaged; run "git fsck".`, { path: pack.path });
    return data;
  }

  /** `length` bytes (fewer at the end of the file) starting at `at`. */
  private bytes(pack: Pack, at: number, length: number): Buffer {
    const end = Math.min(at + length, pack.size);
    const first = Math.floor(at / WINDOW);
    if (Math.floor((end - 1) / WINDOW) === first) {
      const window = this.window(pack, first);
      return window.subarray(at - first * WINDOW, end - first * WINDOW);
    }
    const out = Buffer.allocUnsafe(end - at);
    this.readAt(pack, out, out.length, at);
    return out;
  }

  private window(pack: Pack, n: number): Buffer {
    let window = pack.windows.get(n);
    if (window) return window;
    const length = Math.min(WINDOW, pack.size - n * WINDOW);
    let reuse: Buffer | undefined;
    if (pack.windows.size >= MAX_WINDOWS) {
      const oldest = pack.windows.keys().next().value as number;
      reuse = pack.windows.get(oldest);
      pack.windows.delete(oldest);
    }
    // Reusing an evicted window's memory: first touches of fresh memory are not free.
    window = reuse ?? Buffer.allocUnsafe(WINDOW);
    this.readAt(pack, window, length, n * WINDOW);
    pack.windows.set(n, window);
    return window;
  }

  private readAt(pack: Pack, into: Buffer, length: number, position: number): void {
    this.readFile(pack.path, into, length, position);
  }

  close(): void {
    for (const fd of this.open.values()) this.fs.closeSync(fd);
    this.open.clear();
  }

  /** Read part of a file, keeping it open until {@link close} (history operations close on return). */
  private readFile(path: string, into: Buffer, length: number, position: number): void {
    let fd = this.open.get(path);
    if (fd === undefined) {
      fd = this.fs.openSync(path, 'r');
      this.open.set(path, fd);
    }
    let done = 0;
    while (done < length) {
      const n = this.fs.readSync(fd, into, done, length - done, position + done);
      if (n === 0) throw new StateError(`${path} is shorter than expected; run "git fsck" to find the damage.`, { path });
      done += n;
    }
  }
}

/** Apply a git delta (copy/insert instructions) to its base. */
function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const baseSize = varint();
  if (baseSize !== base.length) throw new StateError('A pack delta does not match its base; run "git fsck".', {});
  const out = Buffer.allocUnsafe(varint());
  let written = 0;
  while (pos < delta.length) {
    const op = delta[pos++] as number;
    if (op & 0x80) {
      let offset = 0;
      let length = 0;
      for (let bit = 0; bit < 4; bit += 1) if (op & (1 << bit)) offset += (delta[pos++] as number) * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit += 1) if (op & (0x10 << bit)) length += (delta[pos++] as number) << (8 * bit);
      if (length === 0) length = 0x10000;
      written += base.copy(out, written, offset, offset + length);
    } else if (op > 0) {
      written += delta.copy(out, written, pos, pos + op);
      pos += op;
    } else {
      throw new StateError('A pack delta has an invalid instruction; run "git fsck".', {});
    }
  }
  if (written !== out.length) throw new StateError('A pack delta has the wrong result size; run "git fsck".', {});
  return out;
}

/** The objects folder and, recursively, its alternates. */
function collectObjectDirs(fs: typeof nodeFs, objectsDir: string): string[] {
  const dirs: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (dirs.includes(dir) || depth > 5) return;
    dirs.push(dir);
    let text = '';
    try {
      text = fs.readFileSync(join(dir, 'info', 'alternates'), 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      const entry = line.trim();
      if (entry === '' || entry.startsWith('#')) continue;
      visit(isAbsolute(entry) ? entry : resolve(dir, entry), depth + 1);
    }
  };
  visit(objectsDir, 0);
  return dirs;
}
