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
}

const TYPES = [undefined, 'commit', 'tree', 'blob', 'tag'] as const;
/** Pack data is read in windows this big, at most MAX_WINDOWS of them kept per pack (64 MiB). */
const WINDOW = 1 << 16;
const MAX_WINDOWS = 1024;
/** How many commit objects are kept once read (about 300 bytes each). */
const RECENT_COMMITS = 8192;
/** After this many fanout buckets of one pack index were needed, the whole index is read. */
const FULL_INDEX_AFTER = 32;

/**
 * Open the object database of a repository for fast synchronous reads: pack indexes (v2) are
 * read one fanout bucket at a time as lookups need them, pack data through 64 KiB windows, deltas
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
  return new FileObjectStore(options.fs, options.objectsDir, options.hashLength);
}

/** The ids of a pack index starting with one byte, and their 32-bit offsets. */
interface Bucket {
  first: number;
  names: Buffer;
  offsets: Buffer;
}

interface Pack {
  path: string;
  indexPath: string;
  /** The fanout table, read on the first lookup; the ids are read one fanout bucket at a time. */
  fanout: Buffer | null;
  buckets: Map<number, Bucket>;
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

  constructor(
    private readonly fs: typeof nodeFs,
    objectsDir: string,
    private readonly hashLength: number,
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
    return { path: packPath, indexPath, fanout: null, buckets: new Map(), count: 0, namesAt: 0, offsetsAt: 0, largeAt: 0, size, windows: new Map() };
  }

  /**
   * Binary search of a v2 pack index; the object's offset in the pack, or -1. Only the fanout
   * bucket of the id is read (an index holds 28 bytes per object: reading a whole large one
   * costs more than the few lookups most operations make).
   */
  private findOffset(pack: Pack, key: Buffer): number {
    const { hashLength } = this;
    const bucket = this.bucket(pack, key[0] as number);
    const head = key.readUInt32BE(0);
    let low = 0;
    let high = bucket.names.length / hashLength;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = compareKey(bucket.names, mid * hashLength, key, head, hashLength);
      if (order === 0) {
        const small = bucket.offsets.readUInt32BE(mid * 4);
        if (small < 0x80000000) return small;
        const large = Buffer.alloc(8);
        this.readFile(pack.indexPath, large, 8, pack.largeAt + (small & 0x7fffffff) * 8);
        return large.readUInt32BE(0) * 2 ** 32 + large.readUInt32BE(4);
      }
      if (order > 0) high = mid;
      else low = mid + 1;
    }
    return -1;
  }

  private bucket(pack: Pack, first: number): Bucket {
    const known = pack.buckets.get(first);
    if (known) return known;
    if (!pack.fanout) {
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
    }
    const { fanout } = pack;
    const start = (byte: number): number => (byte === 0 ? 0 : fanout.readUInt32BE(8 + (byte - 1) * 4));
    if (pack.buckets.size >= FULL_INDEX_AFTER) {
      // Many lookups: read the rest of the tables in two reads instead of one pair per bucket.
      const names = Buffer.allocUnsafe(pack.count * this.hashLength);
      const offsets = Buffer.allocUnsafe(pack.count * 4);
      this.readFile(pack.indexPath, names, names.length, pack.namesAt);
      this.readFile(pack.indexPath, offsets, offsets.length, pack.offsetsAt);
      for (let byte = 0; byte < 256; byte += 1) {
        const low = start(byte);
        const high = fanout.readUInt32BE(8 + byte * 4);
        pack.buckets.set(byte, {
          first: byte,
          names: names.subarray(low * this.hashLength, high * this.hashLength),
          offsets: offsets.subarray(low * 4, high * 4),
        });
      }
      return pack.buckets.get(first) as Bucket;
    }
    const low = start(first);
    const high = fanout.readUInt32BE(8 + first * 4);
    const names = Buffer.allocUnsafe((high - low) * this.hashLength);
    const offsets = Buffer.allocUnsafe((high - low) * 4);
    this.readFile(pack.indexPath, names, names.length, pack.namesAt + low * this.hashLength);
    this.readFile(pack.indexPath, offsets, offsets.length, pack.offsetsAt + low * 4);
    const bucket = { first, names, offsets };
    pack.buckets.set(first, bucket);
    return bucket;
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
