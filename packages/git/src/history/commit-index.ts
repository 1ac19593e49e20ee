import { NotFoundError, StateError } from '@relctl/core';
import type { CommitGraphLayer } from './parse-commit-graph-layer.js';
import { compareKey } from './compare-key.js';
import type { ObjectStore } from './object-store.js';
import { parseCommitHeader, type CommitHeader } from './parse-commit-header.js';

/**
 * Added to the generation of every commit whose history is cut off (shallow clone): such
 * commits sort above all complete ones, so walks reach a cut before deciding anything about
 * commits that might lie behind it.
 */
export const INCOMPLETE_GENERATION = 2 ** 40;

const NO_PARENT = 0x70000000;
const LEVEL_MAX = 0x3fffffff;

/** Options of the {@link CommitIndex} constructor. */
export interface CommitIndexOptions {
  hashLength: number;
  /** git's layers first, then relctl's, with consecutive `base` positions. */
  layers: CommitGraphLayer[];
  /** How many of `layers` are git's own. */
  gitLayerCount: number;
  /** Where commits missing from the layers are read from. */
  store: ObjectStore;
}

/**
 * Parents, generation, date and tree of commits, addressed by dense integer ids. Commits come
 * from commit-graph layers (git's, then relctl's cache, searched in place) and, when absent from
 * them, are read from the object store together with all their missing ancestors ("pending"
 * commits, numbered after the layers). The generation is the corrected commit date
 * (generation number v2) when every layer has one, else the topological level; either way a
 * commit's generation is greater than each of its ancestors'.
 *
 * @example
 * ```ts
 * const [a, b] = index.ensure([shaA, shaB]);
 * if (index.generation(a) >= index.generation(b)) console.log('a is not an ancestor of b');
 * ```
 */
export class CommitIndex {
  readonly hashLength: number;
  readonly layers: readonly CommitGraphLayer[];
  readonly gitLayerCount: number;
  /** Commits held by the layers; pending ids start here. */
  readonly layeredCount: number;
  /** True: generation = corrected commit date; false: topological level. */
  readonly corrected: boolean;
  readonly store: ObjectStore;

  private readonly pendingIds = new Map<string, number>();
  private readonly pOid: string[] = [];
  private readonly pTree: string[] = [];
  private readonly pParents: number[][] = [];
  private readonly pLevel: number[] = [];
  private readonly pCorrected: number[] = [];
  private readonly pDate: number[] = [];
  /** 0 complete; 1 some ancestor is cut; 2 own parent missing; 3 own first parent missing. */
  private readonly pCut: number[] = [];
  private readonly scratchArrays: Uint8Array[] = [];

  constructor(options: CommitIndexOptions) {
    this.hashLength = options.hashLength;
    this.layers = options.layers;
    this.gitLayerCount = options.gitLayerCount;
    this.store = options.store;
    const last = options.layers[options.layers.length - 1];
    this.layeredCount = last ? last.base + last.count : 0;
    this.corrected = options.layers.every((layer) => layer.generationAt >= 0);
  }

  /** Commits known: layered plus pending. */
  get size(): number {
    return this.layeredCount + this.pOid.length;
  }

  /**
   * `count` zeroed per-commit flag arrays for one walk, reused from walk to walk (walks are
   * synchronous, so they never overlap): fresh memory is not free, and a walk may be called a
   * hundred times in a row.
   */
  scratch(count: number): Uint8Array[] {
    const size = this.size;
    for (let i = 0; i < count; i += 1) {
      const existing = this.scratchArrays[i];
      if (existing && existing.length >= size) existing.fill(0, 0, size);
      else this.scratchArrays[i] = new Uint8Array(Math.ceil(size * 1.25) + 64);
    }
    return this.scratchArrays.slice(0, count);
  }

  /** Ids of pending commits (read from objects in this process) whose history is complete. */
  completePendingIds(): number[] {
    const ids: number[] = [];
    this.pCut.forEach((cut, i) => {
      if (cut === 0) ids.push(this.layeredCount + i);
    });
    return ids;
  }

  /** The id of a commit already in the index, or -1. */
  lookup(oid: string): number {
    const pending = this.pendingIds.get(oid);
    if (pending !== undefined) return pending;
    if (this.layers.length === 0) return -1;
    const key = Buffer.from(oid, 'hex');
    if (key.length !== this.hashLength) return -1;
    for (const layer of this.layers) {
      const position = findInLayer(layer, key);
      if (position >= 0) return layer.base + position;
    }
    return -1;
  }

  /**
   * Ids of commits, reading each missing one and all its missing ancestors from the object
   * store first. Annotated tags are peeled. Throws `NotFoundError` for an unknown id or an
   * object that is not a commit.
   */
  ensure(oids: readonly string[]): number[] {
    return oids.map((oid) => {
      const known = this.lookup(oid);
      if (known >= 0) return known;
      const commit = this.peel(oid);
      const id = this.lookup(commit);
      return id >= 0 ? id : this.load(commit);
    });
  }

  oid(id: number): string {
    if (id >= this.layeredCount) return this.pOid[id - this.layeredCount] as string;
    const layer = this.layerOf(id);
    const at = layer.oidsAt + (id - layer.base) * this.hashLength;
    return layer.buffer.toString('hex', at, at + this.hashLength);
  }

  tree(id: number): string {
    if (id >= this.layeredCount) return this.pTree[id - this.layeredCount] as string;
    const layer = this.layerOf(id);
    const at = layer.dataAt + (id - layer.base) * (this.hashLength + 16);
    return layer.buffer.toString('hex', at, at + this.hashLength);
  }

  /** Committer date, epoch seconds. */
  date(id: number): number {
    if (id >= this.layeredCount) return this.pDate[id - this.layeredCount] as number;
    const layer = this.layerOf(id);
    const at = layer.dataAt + (id - layer.base) * (this.hashLength + 16) + this.hashLength + 8;
    return (layer.buffer.readUInt32BE(at) & 3) * 2 ** 32 + layer.buffer.readUInt32BE(at + 4);
  }

  /** Topological level: 1 for a root, else one more than the highest parent. */
  level(id: number): number {
    if (id >= this.layeredCount) return this.pLevel[id - this.layeredCount] as number;
    const layer = this.layerOf(id);
    const at = layer.dataAt + (id - layer.base) * (this.hashLength + 16) + this.hashLength + 8;
    return layer.buffer.readUInt32BE(at) >>> 2;
  }

  /** Corrected commit date (NaN when the layers have none). */
  correctedDate(id: number): number {
    if (id >= this.layeredCount) return this.pCorrected[id - this.layeredCount] as number;
    const layer = this.layerOf(id);
    if (layer.generationAt < 0) return Number.NaN;
    const position = id - layer.base;
    const offset = layer.buffer.readUInt32BE(layer.generationAt + position * 4);
    if (offset < 0x80000000) return this.date(id) + offset;
    const slot = offset & 0x7fffffff;
    if (slot >= layer.overflowCount) throw corrupt(layer);
    return this.date(id) + Number(layer.buffer.readBigUInt64BE(layer.overflowAt + slot * 8));
  }

  /** The walk order key: an ancestor always has a smaller generation than its descendants. */
  generation(id: number): number {
    if (id >= this.layeredCount) {
      const i = id - this.layeredCount;
      const value = this.corrected ? (this.pCorrected[i] as number) : (this.pLevel[i] as number);
      return this.pCut[i] === 0 ? value : INCOMPLETE_GENERATION + value;
    }
    return this.corrected ? this.correctedDate(id) : this.level(id);
  }

  /** Parent ids, in order; parents missing from the repository (shallow) are left out. */
  parents(id: number): number[] {
    if (id >= this.layeredCount) return this.pParents[id - this.layeredCount] as number[];
    const layer = this.layerOf(id);
    const { buffer } = layer;
    const at = layer.dataAt + (id - layer.base) * (this.hashLength + 16) + this.hashLength;
    const limit = layer.base + layer.count;
    const first = buffer.readUInt32BE(at);
    if (first === NO_PARENT) return [];
    if (first >= limit) throw corrupt(layer);
    const second = buffer.readUInt32BE(at + 4);
    if (second === NO_PARENT) return [first];
    if (second < 0x80000000) {
      if (second >= limit) throw corrupt(layer);
      return [first, second];
    }
    const parents = [first];
    for (let slot = second & 0x7fffffff; ; slot += 1) {
      if (slot >= layer.edgesCount) throw corrupt(layer);
      const value = buffer.readUInt32BE(layer.edgesAt + slot * 4);
      const parent = value & 0x7fffffff;
      if (parent >= limit) throw corrupt(layer);
      parents.push(parent);
      if (value & 0x80000000) return parents;
    }
  }

  /** True when this commit has a parent missing from the repository (a shallow boundary). */
  isCut(id: number): boolean {
    return id >= this.layeredCount && (this.pCut[id - this.layeredCount] as number) >= 2;
  }

  /** True when the first parent is the missing one. */
  isFirstParentMissing(id: number): boolean {
    return id >= this.layeredCount && this.pCut[id - this.layeredCount] === 3;
  }

  /** True when some ancestor (or the commit itself) has a missing parent. */
  isIncomplete(id: number): boolean {
    return id >= this.layeredCount && this.pCut[id - this.layeredCount] !== 0;
  }

  private layerOf(id: number): CommitGraphLayer {
    const { layers } = this;
    for (let i = layers.length - 1; i > 0; i -= 1) {
      const layer = layers[i] as CommitGraphLayer;
      if (id >= layer.base) return layer;
    }
    return layers[0] as CommitGraphLayer;
  }

  /** Follow annotated tags to the commit they name. */
  private peel(oid: string): string {
    let current = oid;
    for (let depth = 0; depth < 10; depth += 1) {
      if (!/^[0-9a-f]+$/.test(current) || current.length !== this.hashLength * 2) break;
      const object = this.store.read(current);
      if (!object) break;
      if (object.type === 'commit') return current;
      if (object.type !== 'tag') {
        throw new NotFoundError(`${oid} is a ${object.type}, not a commit; pass a commit id.`, { oid, type: object.type });
      }
      current = /^object ([0-9a-f]+)/.exec(object.data.toString('latin1', 0, 200))?.[1] ?? '';
    }
    throw new NotFoundError(`Commit ${oid} is not in this repository; fetch it first, or check the id.`, { oid });
  }

  private readHeader(oid: string): CommitHeader | null {
    const object = this.store.read(oid);
    if (!object) return null;
    if (object.type !== 'commit') {
      throw new StateError(`Object ${oid} is named as a parent but is a ${object.type}; run "git fsck" to find the damage.`, { oid });
    }
    return parseCommitHeader({ oid, data: object.data });
  }

  /** Read `tip` and every ancestor missing from the index, parents before children. */
  private load(tip: string): number {
    const reading = new Map<string, CommitHeader>();
    const missing = new Set<string>();
    const first = this.readHeader(tip);
    if (!first) throw new NotFoundError(`Commit ${tip} is not in this repository; fetch it first.`, { oid: tip });
    reading.set(tip, first);
    const stack = [tip];
    while (stack.length > 0) {
      const oid = stack[stack.length - 1] as string;
      if (this.pendingIds.has(oid)) {
        stack.pop();
        continue;
      }
      const header = reading.get(oid) as CommitHeader;
      let waiting = false;
      for (const parent of header.parents) {
        if (missing.has(parent) || this.lookup(parent) >= 0) continue;
        if (!reading.has(parent)) {
          const parentHeader = this.readHeader(parent);
          if (!parentHeader) {
            missing.add(parent);
            continue;
          }
          reading.set(parent, parentHeader);
        }
        stack.push(parent);
        waiting = true;
      }
      if (waiting) continue;
      stack.pop();
      reading.delete(oid);
      this.add(oid, header, missing);
    }
    return this.lookup(tip);
  }

  private add(oid: string, header: CommitHeader, missing: Set<string>): void {
    const parents: number[] = [];
    let cut = 0;
    let level = 0;
    let corrected = 0;
    header.parents.forEach((parent, i) => {
      if (missing.has(parent)) {
        cut = Math.max(cut, i === 0 ? 3 : 2);
        return;
      }
      const id = this.lookup(parent);
      parents.push(id);
      if (this.isIncomplete(id)) cut = Math.max(cut, 1);
      level = Math.max(level, this.level(id));
      if (this.corrected) corrected = Math.max(corrected, this.correctedDate(id));
    });
    const date = Math.max(0, Math.min(header.committerTime, 2 ** 34 - 1));
    const id = this.layeredCount + this.pOid.length;
    this.pendingIds.set(oid, id);
    this.pOid.push(oid);
    this.pTree.push(header.tree);
    this.pParents.push(parents);
    this.pLevel.push(Math.min(level + 1, LEVEL_MAX));
    this.pCorrected.push(this.corrected ? Math.max(date, corrected + 1) : Number.NaN);
    this.pDate.push(date);
    this.pCut.push(cut);
  }
}

/** Binary search of a layer's sorted ids (fanout first); position in the layer, or -1. */
function findInLayer(layer: CommitGraphLayer, key: Buffer): number {
  const { buffer, hashLength } = layer;
  const first = key[0] as number;
  const head = key.readUInt32BE(0);
  let low = first === 0 ? 0 : buffer.readUInt32BE(layer.fanoutAt + (first - 1) * 4);
  let high = buffer.readUInt32BE(layer.fanoutAt + first * 4);
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compareKey(buffer, layer.oidsAt + mid * hashLength, key, head, hashLength);
    if (order === 0) return mid;
    if (order > 0) high = mid;
    else low = mid + 1;
  }
  return -1;
}

function corrupt(layer: CommitGraphLayer): StateError {
  return new StateError(`Commit-graph ${layer.checksum} is damaged; rewrite it with "git commit-graph write --reachable" and delete .git/relctl/commit-index.`, {
    checksum: layer.checksum,
  });
}
