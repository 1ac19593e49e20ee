/**
 * relctl's three-way tree merge, a port of git's merge-ort (git 2.39) so that a clean merge
 * produces the very tree `git merge-tree --write-tree` produces, and a conflicted one conflicts
 * on the same paths with the same stages and the same conflicted tree:
 *
 * 1. collect (`collect_merge_info`): walk base/ours/theirs together, resolving trivially whatever
 *    one side did not touch, and noting additions and deletions per side for rename detection;
 *    directories changed on one side only are deferred and taken whole unless rename detection
 *    needs to look inside them (`handle_deferred_entries`);
 * 2. renames (ort-renames.ts): exact, basename and similarity renames per side
 *    (diffcore-rename.ts), directory renames, and every rename conflict;
 * 3. process every path bottom-up (`process_entries`): content merges through the xdiff port
 *    with histogram diff, modes, symlinks, submodules, add/add, modify/delete, file/directory
 *    and type conflicts; trees are hashed and written like git writes them.
 *
 * When walking the deferred directories tripled the paths, git restarts the merge with the renames
 * it found (`redo_after_renames`): the second pass resolves most of those directories whole,
 * keeping their tree ids. That is ported too, since it shows in trees git reads differently than
 * it writes (old `100664` modes, which git reads as `100644`).
 *
 * Not ported: merge attributes and drivers, renormalisation, `merge.conflictStyle`, submodule
 * fast-forward resolution, and the rename cache git keeps between the picks of a rebase.
 *
 * @internal
 */
import type { MergeConflictKind } from '@relctl/core';
import { conflictKind } from './conflict-kind.js';
import type { FilePair } from './diffcore-rename.js';
import { RELEVANT_CONTENT, RELEVANT_FOR_ANCESTOR, RELEVANT_FOR_SELF, RELEVANT_LOCATION, NOT_RELEVANT } from './diffcore-rename.js';
import { GitOrderedMap } from './git-hash-order.js';
import { EMPTY_TREE_OID, type MergeStore, type StoreTreeEntry } from './merge-store.js';
import {
  isGitlink,
  isLnk,
  isReg,
  newConflictInfo,
  NONE,
  NULL_OID,
  S_IFDIR,
  S_IFMT,
  sameVersion,
  type DirectoryRenames,
  type Info,
  type OrtContext,
  type PathMessage,
  type RenameInfo,
  type Version,
} from './ort-context.js';
import { detectAndProcessRenames } from './ort-renames.js';
import { xdlMerge } from './xdiff/xdl-merge.js';

export type { Version } from './ort-context.js';

/** One conflicted path of an {@link ortMerge}. */
export interface OrtConflict {
  path: string;
  kind: MergeConflictKind;
  message: string;
  stages: [Version, Version, Version];
  filemask: number;
  content?: Uint8Array;
}

/** Options of {@link ortMerge}. */
export interface OrtMergeOptions {
  store: MergeStore;
  base: string | null;
  side1: string;
  side2: string;
  branch1: string;
  branch2: string;
  /** 0 for the real merge, >0 inside the virtual merge of several merge bases. */
  callDepth: number;
  /** `merge.directoryRenames` (default `conflict`, as in git). */
  directoryRenames?: DirectoryRenames;
  /** `merge.renameLimit` (0 or less: git's default of 7000). */
  renameLimit?: number;
}

/** Result of {@link ortMerge}: the tree is always computed (with conflict markers when unclean). */
export interface OrtMergeResult {
  clean: boolean;
  tree: string;
  conflicts: OrtConflict[];
  /** git's conflict and notice messages (top-level merge only), sorted by primary path. */
  messages: PathMessage[];
  /** The rename limit inexact rename detection would have needed (0: it ran). */
  neededRenameLimit: number;
}

type Trees = [string | null, string | null, string | null];

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** strcmp order on the UTF-8 bytes of two paths. */
function compareBytes(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** merge-ort's `sort_dirs_next_to_their_children`: as if every path ended with `/`. */
function sortDirsNextToChildren(one: string, two: string): number {
  const a = Buffer.from(one, 'utf8');
  const b = Buffer.from(two, 'utf8');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const c1 = i < a.length ? (a[i] as number) : 0x2f;
  const c2 = i < b.length ? (b[i] as number) : 0x2f;
  if (c1 === c2) return i < a.length ? 1 : -1;
  return c1 - c2;
}

function isBinary(content: Uint8Array): boolean {
  const limit = Math.min(content.length, 8000);
  for (let i = 0; i < limit; i++) if (content[i] === 0) return true;
  return false;
}

function newRenameInfo(): RenameInfo {
  return {
    pairs: [[], [], []],
    dirsRemoved: [new Map(), new Map(), new Map()],
    dirRenameCount: [new Map(), new Map(), new Map()],
    dirRenames: [new Map(), new Map(), new Map()],
    relevantSources: [new Map(), new Map(), new Map()],
    possibleTrivialMerges: [new GitOrderedMap(), new GitOrderedMap(), new GitOrderedMap()],
    targetDirs: [new Set(), new Set(), new Set()],
    trivialMergesOkay: [true, true, true],
    dirRenameMask: 0,
    neededLimit: 0,
    cachedPairs: [new GitOrderedMap(), new GitOrderedMap(), new GitOrderedMap()],
    cachedTargetNames: [new Set(), new Set(), new Set()],
    cachedIrrelevant: [new Set(), new Set(), new Set()],
    redoAfterRenames: 0,
  };
}

/**
 * `clear_or_reinit_internal_opts` before git's second pass: everything of the first pass goes
 * except what rename detection found (the caches and the directory rename counts).
 */
function reinitRenameInfo(r: RenameInfo): void {
  r.pairs = [[], [], []];
  r.dirsRemoved = [new Map(), new Map(), new Map()];
  r.dirRenames = [new Map(), new Map(), new Map()];
  r.relevantSources = [new Map(), new Map(), new Map()];
  r.possibleTrivialMerges = [new GitOrderedMap(), new GitOrderedMap(), new GitOrderedMap()];
  r.targetDirs = [new Set(), new Set(), new Set()];
  r.trivialMergesOkay = [true, true, true];
  r.dirRenameMask = 0;
}

/** tree-walk's `canon_mode`: how git reads a mode out of a tree. */
function canonMode(mode: number): number {
  if ((mode & S_IFMT) === 0o100000) return mode & 0o100 ? 0o100755 : 0o100644;
  if ((mode & S_IFMT) === 0o120000) return 0o120000;
  if ((mode & S_IFMT) === S_IFDIR) return S_IFDIR;
  return 0o160000;
}

interface Entry {
  name: string;
  v: [Version, Version, Version];
}

class OrtMerge implements OrtContext {
  readonly paths = new Map<string, Info>();
  private readonly conflicted = new Map<string, Info>();
  readonly renames = newRenameInfo();
  readonly store: MergeStore;
  readonly branch1: string;
  readonly branch2: string;
  readonly callDepth: number;
  readonly directoryRenames: DirectoryRenames;
  readonly renameLimit: number;
  private readonly messages = new Map<string, PathMessage[]>();
  /** Blobs produced by a content merge that left conflict markers. */
  private readonly markerBlobs = new Map<string, Uint8Array>();

  constructor(private readonly o: OrtMergeOptions) {
    this.store = o.store;
    this.branch1 = o.branch1;
    this.branch2 = o.branch2;
    this.callDepth = o.callDepth;
    this.directoryRenames = o.directoryRenames ?? 'conflict';
    this.renameLimit = o.renameLimit ?? -1;
  }

  async run(): Promise<OrtMergeResult> {
    let renamesClean: boolean;
    for (;;) {
      await this.traverse('', [this.o.base, this.o.side1, this.o.side2]);
      await this.handleDeferredEntries();
      renamesClean = await detectAndProcessRenames(this);
      if (this.renames.redoAfterRenames !== 2) break;
      // git restarts the merge with the renames it found (merge_ort_nonrecursive_internal's redo)
      this.paths.clear();
      this.conflicted.clear();
      reinitRenameInfo(this.renames);
    }
    const tree = await this.processEntries();
    const messages = [...this.messages].sort(([a], [b]) => compareBytes(a, b)).flatMap(([, list]) => list);
    const byPath = new Map<string, PathMessage[]>();
    for (const m of messages) {
      for (const p of new Set(m.paths)) {
        const list = byPath.get(p);
        if (list) list.push(m);
        else byPath.set(p, [m]);
      }
    }
    const conflicts: OrtConflict[] = [];
    for (const [path, ci] of [...this.conflicted].sort(([a], [b]) => compareBytes(a, b))) {
      const concerning = byPath.get(path) ?? [];
      const stages: Array<{ mode: string; stage: number }> = [];
      for (let i = 0; i < 3; i++) if (ci.filemask & (1 << i)) stages.push({ mode: (ci.stages[i] as Version).mode.toString(8).padStart(6, '0'), stage: i + 1 });
      const headline = concerning.find((m) => m.type.startsWith('CONFLICT')) ?? concerning[0];
      const content = isReg(ci.result.mode) ? this.markerBlobs.get(ci.result.oid) : undefined;
      conflicts.push({
        path,
        kind: conflictKind(stages, new Set(concerning.map((m) => m.type))),
        message: headline?.message ?? `CONFLICT (content): Merge conflict in ${path}`,
        stages: ci.stages,
        filemask: ci.filemask,
        ...(content ? { content } : {}),
      });
    }
    return {
      clean: renamesClean && conflicts.length === 0,
      tree,
      conflicts,
      messages,
      neededRenameLimit: this.renames.neededLimit,
    };
  }

  pathMsg(type: string, _omittable: boolean, primary: string, others: string[], message: string): void {
    // git drops the messages of the inner (virtual merge base) merges
    if (this.callDepth) return;
    let list = this.messages.get(primary);
    if (!list) this.messages.set(primary, (list = []));
    list.push({ type, paths: [primary, ...others], message });
  }

  // ---------------------------------------------------------------- collect

  /** `traverse_trees` over three trees, in git's name order, calling the collect callback. */
  private async traverse(dir: string, trees: Trees): Promise<void> {
    const lists = await Promise.all(trees.map((t) => this.store.readTree(t)));
    const byName = new Map<string, [Version, Version, Version]>();
    for (let i = 0; i < 3; i++) {
      for (const e of lists[i] as StoreTreeEntry[]) {
        let v = byName.get(e.name);
        if (!v) byName.set(e.name, (v = [NONE, NONE, NONE]));
        v[i] = { mode: canonMode(e.mode), oid: e.oid };
      }
    }
    const entries: Entry[] = [...byName].map(([name, v]) => ({ name, v }));
    entries.sort((a, b) => compareBytes(a.name, b.name));
    // traverse_trees_wrapper: when this directory was removed on one side, a file added here on
    // the other side makes directory rename detection relevant for every entry below.
    const r = this.renames;
    if (r.dirRenameMask === 2 || r.dirRenameMask === 4) {
      for (const { v } of entries) {
        let filemask = 0;
        for (let i = 0; i < 3; i++) if (v[i]!.mode !== 0 && v[i]!.mode !== S_IFDIR) filemask |= 1 << i;
        if (filemask && filemask === r.dirRenameMask) r.dirRenameMask = 7;
      }
    }
    for (const { name, v } of entries) await this.collectEntry(dir, name, v);
  }

  private setResolved(path: string, dir: string, version: Version, isNull: boolean): void {
    const mi = newConflictInfo(dir, path);
    mi.clean = true;
    mi.result = version;
    mi.isNull = isNull;
    this.paths.set(path, mi);
  }

  /** `collect_merge_info_callback`. */
  private async collectEntry(dir: string, name: string, v: [Version, Version, Version]): Promise<void> {
    const r = this.renames;
    let mask = 0;
    let dirmask = 0;
    for (let i = 0; i < 3; i++) {
      if (v[i]!.mode) mask |= 1 << i;
      if (v[i]!.mode === S_IFDIR) dirmask |= 1 << i;
    }
    const filemask = mask & ~dirmask;
    const path = dir ? `${dir}/${name}` : name;
    const prevDirRenameMask = r.dirRenameMask;
    const s1mb = v[1].mode !== 0 && v[0].mode !== 0 && sameVersion(v[0], v[1]);
    const s2mb = v[2].mode !== 0 && v[0].mode !== 0 && sameVersion(v[0], v[2]);
    const sidesMatch = v[1].mode !== 0 && v[2].mode !== 0 && sameVersion(v[1], v[2]);
    let matchMask = 0;
    if (s1mb) matchMask = s2mb ? 7 : 3;
    else if (s2mb) matchMask = 5;
    else if (sidesMatch) matchMask = 6;

    if (s1mb && s2mb) return this.setResolved(path, dir, v[0], false);
    if (sidesMatch && filemask === 7) return this.setResolved(path, dir, v[1], false);
    if (s1mb && filemask === 7) return this.setResolved(path, dir, v[2], false);
    if (s2mb && filemask === 7) return this.setResolved(path, dir, v[1], false);

    this.collectRenameInfo(v, dir, path, filemask, dirmask, matchMask);

    const ci = newConflictInfo(dir, path);
    ci.stages = v;
    ci.filemask = filemask;
    ci.dirmask = dirmask;
    ci.dfConflict = filemask !== 0 && dirmask !== 0;
    ci.isNull = dirmask !== 0;
    ci.matchMask = matchMask;
    this.paths.set(path, ci);
    if (!dirmask) return;

    // The side that does NOT match the base might hold a rename destination.
    let side = s1mb ? 2 : s2mb ? 1 : 0;
    if (filemask === 0 && (dirmask === 2 || dirmask === 4)) {
      ci.matchMask = 7 - dirmask;
      side = dirmask / 2;
    }
    if (r.dirRenameMask !== 7 && side !== 0 && r.trivialMergesOkay[side] && !(r.targetDirs[side] as Set<string>).has(path)) {
      (r.possibleTrivialMerges[side] as GitOrderedMap<number>).set(path, r.dirRenameMask);
      r.dirRenameMask = prevDirRenameMask;
      return;
    }
    ci.matchMask &= filemask;
    const t: Trees = [null, null, null];
    for (let i = 0; i < 3; i++) {
      if (i === 1 && s1mb) t[1] = t[0];
      else if (i === 2 && s2mb) t[2] = t[0];
      else if (i === 2 && sidesMatch) t[2] = t[1];
      else t[i] = dirmask & (1 << i) ? v[i]!.oid : null;
    }
    await this.traverse(path, t);
    r.dirRenameMask = prevDirRenameMask;
  }

  /** `collect_rename_info`: removed directories, relevant sources, and the add/delete pairs. */
  private collectRenameInfo(v: [Version, Version, Version], dirname: string, fullname: string, filemask: number, dirmask: number, matchMask: number): void {
    const r = this.renames;
    // A directory removed on one side: directory rename detection may be needed below it.
    if (r.dirRenameMask !== 7 && (dirmask === 3 || dirmask === 5)) r.dirRenameMask = dirmask & ~1;
    if (dirmask === 1 || dirmask === 3 || dirmask === 5) {
      const sides = (7 - dirmask) / 2;
      const relevance = r.dirRenameMask === 7 ? RELEVANT_FOR_ANCESTOR : NOT_RELEVANT;
      if (sides & 1) (r.dirsRemoved[1] as Map<string, number>).set(fullname, relevance);
      if (sides & 2) (r.dirsRemoved[2] as Map<string, number>).set(fullname, relevance);
    }
    // A file added to a directory the other side removed needs that directory's rename.
    if (r.dirRenameMask === 7 && (filemask === 2 || filemask === 4)) {
      const side = 3 - (filemask >> 1);
      (r.dirsRemoved[side] as Map<string, number>).set(dirname, RELEVANT_FOR_SELF);
    }
    if (filemask === 0 || filemask === 7) return;
    for (const side of [1, 2] as const) {
      const sideMask = 1 << side;
      const pairs = r.pairs[side] as FilePair[];
      if (filemask & 1 && !(filemask & sideMask)) {
        // add_pair for a deletion: relevant when the other side changed it, or for a directory rename
        const contentRelevant = (matchMask & filemask) === 0;
        const locationRelevant = r.dirRenameMask === 7;
        if (contentRelevant) (r.cachedIrrelevant[side] as Set<string>).delete(fullname);
        if (contentRelevant || locationRelevant) {
          (r.relevantSources[side] as Map<string, number>).set(fullname, contentRelevant ? RELEVANT_CONTENT : RELEVANT_LOCATION);
        }
        // what the first pass already paired is not detected again
        if ((r.cachedPairs[side] as GitOrderedMap<string | null>).has(fullname) || (r.cachedIrrelevant[side] as Set<string>).has(fullname)) continue;
        pairs.push({ one: { path: fullname, mode: v[0].mode, oid: v[0].oid }, two: null, status: 'D' });
      }
      if (!(filemask & 1) && filemask & sideMask) {
        if ((r.cachedTargetNames[side] as Set<string>).has(fullname)) continue;
        const added = v[side] as Version;
        pairs.push({ one: null, two: { path: fullname, mode: added.mode, oid: added.oid }, status: 'A' });
      }
    }
  }

  private resolveTrivialDirectoryMerge(ci: Info, side: number): void {
    ci.result = ci.stages[side] as Version;
    ci.isNull = ci.result.mode === 0;
    ci.matchMask = 0;
    ci.clean = true;
  }

  /** `handle_deferred_entries`: walk the deferred directories a side's renames may need. */
  private async handleDeferredEntries(): Promise<void> {
    const r = this.renames;
    const pathCountBefore = this.paths.size;
    let pathCountAfter = 0;
    for (const side of [1, 2] as const) {
      let optimizationOkay = true;
      const targetDirs = r.targetDirs[side] as Set<string>;
      const cachedPairs = r.cachedPairs[side] as GitOrderedMap<string | null>;
      // A relevant source the first pass did not settle needs every deferred directory; the
      // destinations of settled renames need only the directories above them.
      for (const source of (r.relevantSources[side] as Map<string, number>).keys()) {
        if ((r.cachedIrrelevant[side] as Set<string>).has(source)) continue;
        if (!cachedPairs.has(source)) {
          optimizationOkay = false;
          break;
        }
        const target = cachedPairs.get(source);
        if (!target || this.paths.has(target)) continue;
        let dir = target;
        for (let slash = dir.lastIndexOf('/'); slash >= 0; slash = dir.lastIndexOf('/')) {
          dir = dir.slice(0, slash);
          if (targetDirs.has(dir)) break;
          targetDirs.add(dir);
        }
      }
      r.trivialMergesOkay[side] = optimizationOkay;
      const copy = r.possibleTrivialMerges[side] as GitOrderedMap<number>;
      r.possibleTrivialMerges[side] = new GitOrderedMap();
      for (const [path, dirRenameMask] of copy.entries()) {
        const ci = this.paths.get(path) as Info;
        if (optimizationOkay && !targetDirs.has(path)) {
          this.resolveTrivialDirectoryMerge(ci, side);
          continue;
        }
        const t: Trees = [null, null, null];
        for (let i = 0; i < 3; i++) {
          if (i === 1 && ci.matchMask === 3) t[1] = t[0];
          else if (i === 2 && ci.matchMask === 5) t[2] = t[0];
          else if (i === 2 && ci.matchMask === 6) t[2] = t[1];
          else t[i] = ci.dirmask & (1 << i) ? (ci.stages[i] as Version).oid : null;
        }
        ci.matchMask &= ci.filemask;
        r.dirRenameMask = dirRenameMask;
        await this.traverse(path, t);
      }
      for (const [path] of (r.possibleTrivialMerges[side] as GitOrderedMap<number>).entries()) {
        this.resolveTrivialDirectoryMerge(this.paths.get(path) as Info, side);
      }
      if (!optimizationOkay || pathCountAfter) pathCountAfter = this.paths.size;
    }
    if (pathCountAfter) {
      // Restarting once the renames are known pays when the walk tripled the paths (git's factor).
      if (r.redoAfterRenames !== 0) throw new Error('merge: a second restart after rename detection (git would fail here too)');
      if (Math.floor(pathCountAfter / pathCountBefore) >= 3) r.redoAfterRenames = 1;
    } else if (r.redoAfterRenames === 2) r.redoAfterRenames = 0;
  }

  // ---------------------------------------------------------------- content

  /** `handle_content_merge` (with `merge_3way`): merge three versions of one path. */
  async handleContentMerge(
    path: string,
    o: Version,
    a: Version,
    b: Version,
    pathnames: [string, string, string],
    extraMarkerSize: number,
  ): Promise<{ clean: boolean; result: Version }> {
    const depth = this.callDepth;
    let clean = true;
    const result: Version = { mode: 0, oid: NULL_OID };
    if (a.mode === b.mode || a.mode === o.mode) result.mode = b.mode;
    else {
      result.mode = a.mode;
      clean = b.mode === o.mode;
    }

    if (a.oid === b.oid || a.oid === o.oid) result.oid = b.oid;
    else if (b.oid === o.oid) result.oid = a.oid;
    else if (isReg(a.mode)) {
      const twoWay = (o.mode & S_IFMT) !== (a.mode & S_IFMT);
      const [orig, src1, src2] = await Promise.all([
        twoWay || o.mode === 0 ? Promise.resolve(new Uint8Array(0)) : this.store.readBlob(o.oid),
        this.store.readBlob(a.oid),
        this.store.readBlob(b.oid),
      ]);
      const sameNames = pathnames[0] === pathnames[1] && pathnames[1] === pathnames[2];
      const name1 = sameNames ? this.branch1 : `${this.branch1}:${pathnames[1]}`;
      const name2 = sameNames ? this.branch2 : `${this.branch2}:${pathnames[2]}`;
      if (isBinary(orig) || isBinary(src1) || isBinary(src2)) {
        // ll_binary_merge: the virtual base keeps the base version; otherwise ours, conflicted
        if (depth) result.oid = this.store.putBlob(orig);
        else {
          result.oid = a.oid;
          clean = false;
          this.pathMsg('CONFLICT (binary)', false, path, [], `warning: Cannot merge binary files: ${path} (${name1} vs. ${name2})`);
        }
      } else {
        const merged = xdlMerge({
          base: orig,
          ours: src1,
          theirs: src2,
          oursLabel: name1,
          theirsLabel: name2,
          markerSize: 7 + extraMarkerSize,
          algorithm: 'histogram',
        });
        result.oid = this.store.putBlob(merged.content);
        if (merged.conflicts > 0) {
          clean = false;
          this.markerBlobs.set(result.oid, merged.content);
        }
      }
      this.pathMsg('Auto-merging', true, path, [], `Auto-merging ${path}`);
    } else if (isGitlink(a.mode)) {
      // merge_submodule without the submodule's history: a conflict keeping ours (the base inside
      // a virtual merge base)
      const twoWay = (o.mode & S_IFMT) !== (a.mode & S_IFMT);
      clean = false;
      result.oid = depth ? o.oid : a.oid;
      this.pathMsg('CONFLICT (submodule not initialized)', false, path, [], `Failed to merge submodule ${path} (not checked out)`);
      if (depth && twoWay) {
        result.mode = o.mode;
        result.oid = o.oid;
      }
    } else if (isLnk(a.mode)) {
      clean = false;
      if (depth) {
        result.mode = o.mode;
        result.oid = o.oid;
      } else result.oid = a.oid;
    }
    return { clean, result };
  }

  // ---------------------------------------------------------------- process

  /** `unique_path`: `<path>~<branch with / as _>`, with `_<n>` added until it is unused. */
  private uniquePath(path: string, branch: string): string {
    const stem = `${path}~${branch.replace(/\//g, '_')}`;
    let candidate = stem;
    for (let suffix = 0; this.paths.has(candidate); suffix++) candidate = `${stem}_${suffix}`;
    return candidate;
  }

  /** `process_entries`: every path in reverse order, children before their directory. */
  private async processEntries(): Promise<string> {
    if (this.paths.size === 0) return EMPTY_TREE_OID;
    const keys = [...this.paths.keys()].sort(sortDirsNextToChildren);
    const dirEntries = new Map<string, StoreTreeEntry[]>();
    /** Directories some processed path lives in (git's `write_completed_directory` visits them). */
    const seenDirs = new Set<string>();
    const record = (path: string, info: Info): void => {
      if (info.isNull) return;
      let list = dirEntries.get(info.dir);
      if (!list) dirEntries.set(info.dir, (list = []));
      list.push({ name: baseName(path), mode: info.result.mode, oid: info.result.oid });
    };
    for (let k = keys.length - 1; k >= 0; k--) {
      const path = keys[k] as string;
      const info = this.paths.get(path) as Info;
      seenDirs.add(info.dir);
      if (seenDirs.has(path)) {
        // write_completed_directory: the tree of everything recorded below, or nothing
        const children = dirEntries.get(path) ?? [];
        dirEntries.delete(path);
        if (children.length === 0) info.isNull = true;
        else {
          info.isNull = false;
          info.result = { mode: S_IFDIR, oid: this.store.putTree(children) };
        }
      }
      if (info.clean) record(path, info);
      else await this.processEntry(path, info, record);
    }
    return this.store.putTree(dirEntries.get('') ?? []);
  }

  /** `process_entry`. */
  private async processEntry(startPath: string, start: Info, record: (path: string, info: Info) => void): Promise<void> {
    const depth = this.callDepth;
    let path = startPath;
    let ci = start;
    let dfFileIndex = 0;
    if (ci.dirmask) {
      record(path, ci);
      if (ci.filemask === 0) return;
    }
    if (ci.dfConflict && ci.result.mode === 0) {
      // the directory went away: the file takes the path
      ci.dfConflict = false;
      ci.clean = false;
      ci.isNull = false;
      ci.matchMask &= ~ci.dirmask;
      ci.dirmask = 0;
      for (let i = 0; i < 3; i++) if (!(ci.filemask & (1 << i))) ci.stages[i] = NONE;
    } else if (ci.dfConflict && ci.result.mode !== 0) {
      // the directory stays: the file moves aside
      if (ci.filemask === 1) {
        ci.filemask = 0;
        return;
      }
      const fresh: Info = {
        ...ci,
        stages: [...ci.stages] as Info['stages'],
        pathnames: [...ci.pathnames] as Info['pathnames'],
      };
      fresh.matchMask &= ~fresh.dirmask;
      for (let i = 0; i < 3; i++) if (!(fresh.filemask & (1 << i))) fresh.stages[i] = NONE;
      dfFileIndex = ci.dirmask & (1 << 1) ? 2 : 1;
      fresh.dirmask = 0;
      const branch = dfFileIndex === 1 ? this.branch1 : this.branch2;
      const oldPath = path;
      path = this.uniquePath(path, branch);
      this.paths.set(path, fresh);
      this.pathMsg(
        'CONFLICT (file/directory)',
        false,
        path,
        [oldPath],
        `CONFLICT (file/directory): directory in the way of ${oldPath} from ${branch}; moving it to ${path} instead.`,
      );
      ci.filemask = 0;
      ci = fresh;
    }

    if (ci.matchMask) {
      ci.clean = !ci.dfConflict && !ci.pathConflict;
      if (ci.matchMask === 6) {
        ci.result = ci.stages[1];
      } else {
        const othermask = 7 & ~ci.matchMask;
        const side = othermask === 4 ? 2 : 1;
        ci.result = ci.stages[side] as Version;
        ci.isNull = ci.result.mode === 0;
        if (ci.isNull) ci.clean = true;
      }
    } else if (ci.filemask >= 6 && (ci.stages[1].mode & S_IFMT) !== (ci.stages[2].mode & S_IFMT)) {
      // two different types (file, submodule, symlink)
      if (depth) {
        ci.clean = false;
        ci.result = ci.stages[0];
        ci.isNull = ci.result.mode === 0;
      } else {
        const oMode = ci.stages[0].mode;
        const aMode = ci.stages[1].mode;
        const bMode = ci.stages[2].mode;
        let renameA = false;
        let renameB = false;
        if (isReg(aMode)) renameA = true;
        else if (isReg(bMode)) renameB = true;
        else renameA = renameB = true;
        const aPath = renameA ? this.uniquePath(path, this.branch1) : null;
        let bPath = renameB ? this.uniquePath(path, this.branch2) : null;
        if (renameA && renameB) {
          this.pathMsg(
            'CONFLICT (distinct modes)',
            false,
            path,
            [aPath as string, bPath as string],
            `CONFLICT (distinct types): ${path} had different types on each side; renamed both of them so each can be recorded somewhere.`,
          );
        } else {
          this.pathMsg(
            'CONFLICT (distinct modes)',
            false,
            path,
            [(renameA ? aPath : bPath) as string],
            `CONFLICT (distinct types): ${path} had different types on each side; renamed one of them so each can be recorded somewhere.`,
          );
        }
        ci.clean = false;
        const fresh: Info = {
          ...ci,
          stages: [...ci.stages] as Info['stages'],
          pathnames: [...ci.pathnames] as Info['pathnames'],
        };
        fresh.result = ci.stages[2];
        fresh.stages[1] = NONE;
        fresh.filemask = 5;
        if ((bMode & S_IFMT) !== (oMode & S_IFMT)) {
          fresh.stages[0] = NONE;
          fresh.filemask = 4;
        }
        ci.result = ci.stages[1];
        ci.stages[2] = NONE;
        ci.filemask = 3;
        if ((aMode & S_IFMT) !== (oMode & S_IFMT)) {
          ci.stages[0] = NONE;
          ci.filemask = 2;
        }
        if (aPath) this.paths.set(aPath, ci);
        if (!bPath) bPath = path;
        this.paths.set(bPath, fresh);
        if (aPath && renameB) this.paths.delete(path);
        this.conflicted.set(bPath, fresh);
        record(bPath, fresh);
        if (aPath) path = aPath;
      }
    } else if (ci.filemask >= 6) {
      // two-way or three-way content merge
      const merged = await this.handleContentMerge(path, ci.stages[0], ci.stages[1], ci.stages[2], ci.pathnames, depth * 2);
      ci.clean = merged.clean && !ci.dfConflict && !ci.pathConflict;
      ci.result = merged.result;
      ci.isNull = merged.result.mode === 0;
      if (merged.clean && ci.dfConflict) {
        ci.filemask = 1 << dfFileIndex;
        ci.stages[dfFileIndex] = merged.result;
      }
      if (!merged.clean) {
        const reason = isGitlink(merged.result.mode) ? 'submodule' : ci.filemask === 6 ? 'add/add' : 'content';
        this.pathMsg('CONFLICT (contents)', false, path, [], `CONFLICT (${reason}): Merge conflict in ${path}`);
      }
    } else if (ci.filemask === 3 || ci.filemask === 5) {
      // modify/delete
      const side = ci.filemask === 5 ? 2 : 1;
      const index = depth ? 0 : side;
      ci.result = ci.stages[index] as Version;
      ci.clean = false;
      const modifyBranch = side === 1 ? this.branch1 : this.branch2;
      const deleteBranch = side === 1 ? this.branch2 : this.branch1;
      // a rename/delete already said what happened when the content was not modified
      if (!(ci.pathConflict && ci.stages[0].oid === (ci.stages[side] as Version).oid)) {
        this.pathMsg(
          'CONFLICT (modify/delete)',
          false,
          path,
          [],
          `CONFLICT (modify/delete): ${path} deleted in ${deleteBranch} and modified in ${modifyBranch}.  Version ${modifyBranch} of ${path} left in tree.`,
        );
      }
    } else if (ci.filemask === 2 || ci.filemask === 4) {
      // added on one side
      const side = ci.filemask === 4 ? 2 : 1;
      ci.result = ci.stages[side] as Version;
      ci.clean = !ci.dfConflict && !ci.pathConflict;
    } else if (ci.filemask === 1) {
      // deleted on both sides
      ci.isNull = true;
      ci.result = NONE;
      ci.clean = !ci.pathConflict;
    }

    if (!ci.clean) this.conflicted.set(path, ci);
    record(path, ci);
  }
}

/**
 * Merge three trees the way git's merge-ort does (see the module comment for what is ported).
 *
 * @example
 * ```ts
 * const result = await ortMerge({ store, base, side1: ours, side2: theirs, branch1: 'main', branch2: 'req/A', callDepth: 0 });
 * ```
 */
export async function ortMerge(options: OrtMergeOptions): Promise<OrtMergeResult> {
  return new OrtMerge(options).run();
}
