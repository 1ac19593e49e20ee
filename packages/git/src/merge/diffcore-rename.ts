/**
 * Port of git's diffcore-rename.c (`diffcore_rename_extended`, git 2.39) as merge-ort calls it
 * for one side of a merge: pair deleted paths with added paths.
 *
 * 1. exact renames: same blob (`find_exact_renames`), preferring an unused source with the
 *    same basename;
 * 2. basename matches: a source and a destination whose basename is unique on both sides, or
 *    whose directory the exact renames say moved (`find_basename_matches`), at a similarity of
 *    at least 75%;
 * 3. sources only needed to find directory renames are dropped once the directory's majority
 *    is known (`handle_early_known_dir_renames`);
 * 4. inexact renames: every remaining destination against every remaining source, scored by
 *    {@link spanHash} similarity (at least 50%), best pairs first, unless
 *    destinations x sources exceeds the rename limit squared.
 *
 * Along the way it counts, per removed directory, where its files went (`dir_rename_count`),
 * which merge-ort turns into directory renames.
 *
 * @internal
 */
import { countCopied, spanHash, type SpanHash } from './diffcore-delta.js';
import { GitOrderedMap } from './git-hash-order.js';

const MAX_SCORE = 60000;
const DEFAULT_RENAME_SCORE = 30000;
const NUM_CANDIDATE_PER_DST = 4;
const EMPTY_BLOB_OID = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
/** diff's core.bigFileThreshold default: larger blobs count as binary. */
const BIG_FILE_THRESHOLD = 512 * 1024 * 1024;
/** The placeholder git counts not-yet-paired sources under (`UNKNOWN_DIR`). */
export const UNKNOWN_DIR = '/';

/** `enum dir_rename_relevance`. */
export const NOT_RELEVANT = 0;
export const RELEVANT_FOR_ANCESTOR = 1;
export const RELEVANT_FOR_SELF = 2;
/** `enum file_rename_relevance`. */
export const RELEVANT_NO_MORE = 0;
export const RELEVANT_CONTENT = 1;
export const RELEVANT_LOCATION = 2;

/** One side of a file pair: a path at a version. */
export interface FileSpec {
  path: string;
  mode: number;
  oid: string;
}

/** A deletion (`two` null), an addition (`one` null) or, after detection, a rename. */
export interface FilePair {
  one: FileSpec | null;
  two: FileSpec | null;
  status: 'A' | 'D' | 'R';
  /** Which side of the merge the pair belongs to (set by merge-ort's `collect_renames`). */
  side?: 1 | 2;
}

/** old directory -> (new directory -> count), each inner map iterated like git's strintmap. */
export type DirRenameCount = Map<string, GitOrderedMap<number>>;

/** Options of {@link diffcoreRename}. */
export interface DiffcoreRenameOptions {
  /** Additions and deletions of one side, in the order merge-ort collected them. */
  pairs: FilePair[];
  /** Deleted paths rename detection must look at, and why (may be lowered to RELEVANT_NO_MORE). */
  relevantSources: Map<string, number>;
  /** Directories removed on this side, with their relevance (may be lowered). */
  dirsRemoved: Map<string, number>;
  /** Filled with where the files of removed directories went. */
  dirRenameCount: DirRenameCount;
  /** Renames a first pass already found (old -> new, null for deletions): they count for directory renames. */
  cachedPairs?: GitOrderedMap<string | null>;
  /** `merge.renameLimit`: destinations x sources above its square skip inexact detection. */
  renameLimit: number;
  readBlob: (oid: string) => Promise<Uint8Array>;
}

/** Result of {@link diffcoreRename}. */
export interface DiffcoreRenameResult {
  /** The pairs with renames joined (`R`), the rest as additions and deletions, in queue order. */
  pairs: FilePair[];
  /** The rename limit inexact detection would have needed, 0 when it ran (or was not needed). */
  neededLimit: number;
}

interface Src {
  pair: FilePair;
  one: FileSpec;
  base: string;
}

interface Dst {
  pair: FilePair;
  two: FileSpec;
  base: string;
  /** Index into the source list when renamed. */
  renamedFrom: FileSpec | null;
}

interface Score {
  src: number;
  dst: number;
  score: number;
  nameScore: number;
}

const isReg = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;

function getDirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function getBasename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function isBinary(content: Uint8Array): boolean {
  if (content.length > BIG_FILE_THRESHOLD) return true;
  const limit = Math.min(content.length, 8000);
  for (let i = 0; i < limit; i++) if (content[i] === 0) return true;
  return false;
}

/** `score_compare`: unused slots last, then by score, then by basename match (descending). */
function scoreCompare(a: Score, b: Score): number {
  if (a.dst < 0) return b.dst >= 0 ? 1 : 0;
  if (b.dst < 0) return -1;
  if (a.score === b.score) return b.nameScore - a.nameScore;
  return b.score - a.score;
}

class Renamer {
  private src: Src[] = [];
  private readonly dst: Dst[] = [];
  private readonly used = new Set<FileSpec>();
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly fingerprints = new Map<string, SpanHash>();
  private setup = false;
  private readonly idxMap = new Map<string, number>();
  private readonly dirRenameGuess = new Map<string, string>();

  constructor(private readonly o: DiffcoreRenameOptions) {}

  async run(): Promise<DiffcoreRenameResult> {
    const { pairs } = this.o;
    for (const pair of pairs) {
      if (!pair.one) {
        if (pair.two && pair.two.oid !== EMPTY_BLOB_OID) this.dst.push({ pair, two: pair.two, base: getBasename(pair.two.path), renamedFrom: null });
      } else if (pair.one.oid !== EMPTY_BLOB_OID && !pair.two) this.src.push({ pair, one: pair.one, base: getBasename(pair.one.path) });
    }
    let neededLimit = 0;
    if (this.dst.length > 0 && this.src.length > 0) neededLimit = await this.detect();
    return { pairs: this.writeBack(), neededLimit };
  }

  private async detect(): Promise<number> {
    let renameCount = this.findExactRenames();
    const minimumScore = DEFAULT_RENAME_SCORE;
    const minBasenameScore = minimumScore + Math.trunc(0.5 * (MAX_SCORE - minimumScore));
    this.removeUnneededSources(null);
    this.initializeDirRenameInfo();
    renameCount += await this.findBasenameMatches(minBasenameScore);
    this.removeUnneededSources(this.o.relevantSources);
    this.handleEarlyKnownDirRenames();

    const numDestinations = this.dst.length - renameCount;
    const numSources = this.src.length;
    if (!numDestinations || !numSources) return 0;
    const limit = this.o.renameLimit;
    if (limit > 0 && numDestinations * numSources > limit * limit) return Math.max(numSources, numDestinations);

    await this.load([...this.src.map((s) => s.one), ...this.dst.filter((d) => !d.renamedFrom).map((d) => d.two)]);
    const mx: Score[] = [];
    for (let i = 0; i < this.dst.length; i++) {
      const dst = this.dst[i] as Dst;
      if (dst.renamedFrom) continue;
      const m: Score[] = [];
      for (let j = 0; j < NUM_CANDIDATE_PER_DST; j++) m.push({ src: -1, dst: -1, score: 0, nameScore: 0 });
      for (let j = 0; j < this.src.length; j++) {
        const src = this.src[j] as Src;
        const candidate: Score = {
          score: this.estimateSimilarity(src.one, dst.two, minimumScore),
          nameScore: src.base === dst.base ? 1 : 0,
          dst: i,
          src: j,
        };
        // record_if_better
        let worst = 0;
        for (let k = 1; k < NUM_CANDIDATE_PER_DST; k++) if (scoreCompare(m[k] as Score, m[worst] as Score) > 0) worst = k;
        if (scoreCompare(m[worst] as Score, candidate) > 0) m[worst] = candidate;
      }
      mx.push(...m);
    }
    // STABLE_QSORT: Array.prototype.sort is stable.
    mx.sort(scoreCompare);
    for (const m of mx) {
      if (m.dst < 0 || m.score < minimumScore) break;
      const dst = this.dst[m.dst] as Dst;
      if (dst.renamedFrom) continue;
      const src = this.src[m.src] as Src;
      if (this.used.has(src.one)) continue;
      this.recordRenamePair(dst, src.one);
      this.updateDirRenameCounts(src.one.path, dst.two.path);
    }
    return 0;
  }

  private recordRenamePair(dst: Dst, one: FileSpec): void {
    this.used.add(one);
    dst.renamedFrom = one;
  }

  /** `find_exact_renames` + `find_identical_files`. */
  private findExactRenames(): number {
    const byOid = new Map<string, number[]>();
    this.src.forEach((s, i) => {
      const list = byOid.get(s.one.oid);
      if (list) list.push(i);
      else byOid.set(s.one.oid, [i]);
    });
    let renames = 0;
    for (const dst of this.dst) {
      const target = dst.two;
      let best: FileSpec | null = null;
      let bestScore = -1;
      let budget = 100;
      for (const i of byOid.get(target.oid) ?? []) {
        const source = (this.src[i] as Src).one;
        if ((!isReg(source.mode) || !isReg(target.mode)) && source.mode !== target.mode) continue;
        if (this.used.has(source)) continue;
        const score = 1 + ((this.src[i] as Src).base === dst.base ? 1 : 0);
        if (score > bestScore) {
          best = source;
          bestScore = score;
          if (score === 2) break;
        }
        if (!--budget) break;
      }
      if (best) {
        this.recordRenamePair(dst, best);
        renames++;
      }
    }
    return renames;
  }

  /** `remove_unneeded_paths_from_src` (never detecting copies). */
  private removeUnneededSources(interesting: Map<string, number> | null): void {
    this.src = this.src.filter((s) => !this.used.has(s.one) && (!interesting || interesting.has(s.one.path)));
  }

  private incrementCount(oldDir: string, newDir: string): void {
    let counts = this.o.dirRenameCount.get(oldDir);
    if (!counts) this.o.dirRenameCount.set(oldDir, (counts = new GitOrderedMap<number>()));
    counts.set(newDir, (counts.get(newDir) ?? 0) + 1);
  }

  /**
   * `update_dir_rename_counts`: a rename a/b/c/d/e/foo.c -> a/b/x/e/foo.c counts a/b/c/d/e ->
   * a/b/x/e and a/b/c/d -> a/b/x, for the removed directories that need it.
   */
  private updateDirRenameCounts(oldName: string, newName: string): void {
    if (!this.setup) return;
    const { dirsRemoved } = this.o;
    let oldDir = oldName;
    let newDir = newName;
    let first = true;
    for (;;) {
      const oldSlash = oldDir.lastIndexOf('/');
      const oldComponent = oldDir.slice(oldSlash + 1);
      oldDir = oldSlash < 0 ? '' : oldDir.slice(0, oldSlash);
      if (!dirsRemoved.has(oldDir)) break;
      const newSlash = newDir.lastIndexOf('/');
      const newComponent = newDir.slice(newSlash + 1);
      newDir = newSlash < 0 ? '' : newDir.slice(0, newSlash);
      if (!first && oldComponent !== newComponent) break;
      const flag = dirsRemoved.get(oldDir) ?? NOT_RELEVANT;
      if (flag === RELEVANT_FOR_SELF || first) this.incrementCount(oldDir, newDir);
      first = false;
      if (flag === NOT_RELEVANT) break;
      if (!oldDir || !newDir) break;
    }
  }

  /** `initialize_dir_rename_info`: counts of the exact renames, and the best guess per directory. */
  private initializeDirRenameInfo(): void {
    this.setup = true;
    this.dst.forEach((d, i) => {
      if (!d.renamedFrom) this.idxMap.set(d.two.path, i);
      else this.updateDirRenameCounts(d.renamedFrom.path, d.two.path);
    });
    for (const [oldName, newName] of this.o.cachedPairs?.entries() ?? []) if (newName) this.updateDirRenameCounts(oldName, newName);
    for (const [oldDir, counts] of this.o.dirRenameCount) {
      // get_highest_rename_path: the first of the highest counts, in git's iteration order
      let highest = 0;
      let best: string | null = null;
      for (const [newDir, count] of counts.entries()) {
        if (count > highest) {
          highest = count;
          best = newDir;
        }
      }
      if (best !== null) this.dirRenameGuess.set(oldDir, best);
    }
  }

  /** `idx_possible_rename`: where the directory rename guessed from exact renames would put it. */
  private idxPossibleRename(filename: string): number {
    const newDir = this.dirRenameGuess.get(getDirname(filename));
    if (newDir === undefined) return -1;
    return this.idxMap.get(`${newDir}/${getBasename(filename)}`) ?? -1;
  }

  private async findBasenameMatches(minimumScore: number): Promise<number> {
    const { relevantSources } = this.o;
    const sources = new Map<string, number>();
    const dests = new Map<string, number>();
    this.src.forEach((s, i) => {
      sources.set(s.base, sources.has(s.base) ? -1 : i);
    });
    this.dst.forEach((d, i) => {
      if (d.renamedFrom) return;
      dests.set(d.base, dests.has(d.base) ? -1 : i);
    });
    // Candidate pairs first, so the blobs can be read together.
    const candidates: Array<[number, number]> = [];
    const plan = (i: number): [number, number] | null => {
      const filename = (this.src[i] as Src).one.path;
      if (!relevantSources.has(filename)) return null;
      const base = (this.src[i] as Src).base;
      let srcIndex = sources.get(base) as number;
      if (!dests.has(base)) return null;
      let dstIndex = dests.get(base) as number;
      if (srcIndex === -1 || dstIndex === -1) {
        srcIndex = i;
        dstIndex = this.idxPossibleRename(filename);
      }
      return dstIndex === -1 ? null : [srcIndex, dstIndex];
    };
    for (let i = 0; i < this.src.length; i++) {
      const c = plan(i);
      if (c) candidates.push(c);
    }
    if (candidates.length === 0) return 0;
    await this.load(candidates.flatMap(([s, d]) => [(this.src[s] as Src).one, (this.dst[d] as Dst).two]));
    let renames = 0;
    for (const [srcIndex, dstIndex] of candidates) {
      const dst = this.dst[dstIndex] as Dst;
      if (dst.renamedFrom) continue;
      const one = (this.src[srcIndex] as Src).one;
      const score = this.estimateSimilarity(one, dst.two, minimumScore);
      if (score < minimumScore) continue;
      this.recordRenamePair(dst, one);
      renames++;
      this.updateDirRenameCounts(one.path, dst.two.path);
    }
    return renames;
  }

  /** `dir_rename_already_determinable`: the leader cannot be caught by the unpaired sources. */
  private static determinable(counts: GitOrderedMap<number>): boolean {
    let first = 0;
    let second = 0;
    let unknown = 0;
    for (const [dir, count] of counts.entries()) {
      if (dir === UNKNOWN_DIR) unknown = count;
      else if (count >= first) {
        second = first;
        first = count;
      } else if (count >= second) second = count;
    }
    return first > second + unknown;
  }

  private handleEarlyKnownDirRenames(): void {
    const { dirsRemoved, relevantSources, dirRenameCount } = this.o;
    for (const s of this.src) {
      let oldDir = getDirname(s.one.path);
      while (oldDir !== '' && (dirsRemoved.get(oldDir) ?? NOT_RELEVANT) !== NOT_RELEVANT) {
        this.incrementCount(oldDir, UNKNOWN_DIR);
        oldDir = getDirname(oldDir);
      }
    }
    for (const [dir, counts] of dirRenameCount) {
      if (dirsRemoved.get(dir) === RELEVANT_FOR_SELF && Renamer.determinable(counts)) dirsRemoved.set(dir, RELEVANT_FOR_ANCESTOR);
    }
    this.src = this.src.filter((s) => {
      if (relevantSources.get(s.one.path) !== RELEVANT_LOCATION) return true;
      let dir = getDirname(s.one.path);
      for (;;) {
        const res = dirsRemoved.get(dir) ?? NOT_RELEVANT;
        if (res === NOT_RELEVANT) break;
        if (res === RELEVANT_FOR_SELF) return true;
        dir = getDirname(dir);
      }
      relevantSources.set(s.one.path, RELEVANT_NO_MORE);
      return false;
    });
  }

  private async load(specs: FileSpec[]): Promise<void> {
    const missing = [...new Set(specs.filter((s) => isReg(s.mode) && !this.blobs.has(s.oid)).map((s) => s.oid))];
    const contents = await Promise.all(missing.map((oid) => this.o.readBlob(oid)));
    missing.forEach((oid, i) => this.blobs.set(oid, contents[i] as Uint8Array));
  }

  private fingerprint(oid: string): SpanHash {
    let known = this.fingerprints.get(oid);
    if (!known) {
      const content = this.blobs.get(oid) as Uint8Array;
      known = spanHash(content, isBinary(content));
      this.fingerprints.set(oid, known);
    }
    return known;
  }

  /** `estimate_similarity`: 0..MAX_SCORE, how much of `dst` came from `src`. */
  private estimateSimilarity(src: FileSpec, dst: FileSpec, minimumScore: number): number {
    if (!isReg(src.mode) || !isReg(dst.mode)) return 0;
    const srcSize = (this.blobs.get(src.oid) as Uint8Array).length;
    const dstSize = (this.blobs.get(dst.oid) as Uint8Array).length;
    const maxSize = Math.max(srcSize, dstSize);
    const baseSize = Math.min(srcSize, dstSize);
    const deltaSize = maxSize - baseSize;
    if (maxSize * (MAX_SCORE - minimumScore) < deltaSize * MAX_SCORE) return 0;
    const copied = countCopied(this.fingerprint(src.oid), this.fingerprint(dst.oid));
    if (!dstSize) return 0;
    return Math.trunc((copied * MAX_SCORE) / maxSize);
  }

  /** The queue after detection: renamed deletions dropped, renamed additions turned into renames. */
  private writeBack(): FilePair[] {
    const renamed = new Map<FilePair, FileSpec>();
    for (const d of this.dst) if (d.renamedFrom) renamed.set(d.pair, d.renamedFrom);
    const out: FilePair[] = [];
    for (const pair of this.o.pairs) {
      if (!pair.one) {
        const from = renamed.get(pair);
        out.push(from ? { one: from, two: pair.two, status: 'R' } : { one: null, two: pair.two, status: 'A' });
      } else if (!this.used.has(pair.one)) out.push({ one: pair.one, two: null, status: 'D' });
    }
    // cleanup_dir_rename_info: keep counts only for removed directories, without UNKNOWN_DIR
    for (const [dir, counts] of [...this.o.dirRenameCount]) {
      if (!this.o.dirsRemoved.get(dir)) this.o.dirRenameCount.delete(dir);
      else counts.delete(UNKNOWN_DIR);
    }
    return out;
  }
}

/**
 * Rename detection for one side of a merge, like merge-ort runs diffcore-rename.
 *
 * @example
 * ```ts
 * const { pairs } = await diffcoreRename({ pairs: side1Pairs, relevantSources, dirsRemoved, dirRenameCount, renameLimit: 7000, readBlob });
 * pairs.filter((p) => p.status === 'R'); // [{ one: { path: 'old.c', … }, two: { path: 'new.c', … }, status: 'R' }]
 * ```
 */
export async function diffcoreRename(options: DiffcoreRenameOptions): Promise<DiffcoreRenameResult> {
  return new Renamer(options).run();
}
