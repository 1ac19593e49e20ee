/**
 * relctl's three-way tree merge, a port of the decisions of git's merge-ort (git 2.39) so that a
 * clean merge produces the very tree `git merge-tree --write-tree` produces, and a conflicted one
 * conflicts on the same paths:
 *
 * 1. collect: walk base/ours/theirs together, resolving trivially whatever one side did not
 *    touch; directories changed on one side only are deferred and taken whole unless rename
 *    detection needs to look inside them;
 * 2. exact renames (same blob moved on one side), paired like diffcore-rename does, then
 *    processed like `process_renames`;
 * 3. process every remaining path bottom-up (`process_entry`): content merges through the xdiff
 *    port with histogram diff, modes, symlinks, submodules, add/add, modify/delete,
 *    file/directory and type conflicts; trees are hashed and written like git writes them.
 *
 * Not ported: inexact (similarity) renames and directory-rename detection, merge attributes
 * and drivers, renormalisation.
 *
 * @internal
 */
import type { MergeConflictKind } from '@relctl/core';
import { EMPTY_TREE_OID, type MergeStore, type StoreTreeEntry } from './merge-store.js';
import { xdlMerge } from './xdiff/xdl-merge.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o40000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFGITLINK = 0o160000;
const NULL_OID = '0000000000000000000000000000000000000000';
const EMPTY_BLOB_OID = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';

const isReg = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
const isLnk = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;
const isGitlink = (mode: number): boolean => (mode & S_IFMT) === S_IFGITLINK;

/** A mode + object id; mode 0 means absent. */
export interface Version {
  mode: number;
  oid: string;
}

const NONE: Version = { mode: 0, oid: NULL_OID };

interface Info {
  /** Parent directory path (`''` at the root). */
  dir: string;
  clean: boolean;
  isNull: boolean;
  result: Version;
  /** Set for entries left for processing (a `conflict_info` in merge-ort). */
  conflict: boolean;
  stages: [Version, Version, Version];
  pathnames: [string, string, string];
  filemask: number;
  dirmask: number;
  matchMask: number;
  dfConflict: boolean;
  pathConflict: boolean;
  /** A directory whose entries were collected one by one (its tree is rebuilt from them). */
  recursed?: boolean;
  kind?: MergeConflictKind;
  message?: string;
  /** Marker-laden bytes of a text conflict. */
  conflictContent?: Uint8Array;
}

interface Pair {
  path: string;
  version: Version;
  /** Deletions only: the other side changed it (merge-ort's RELEVANT_CONTENT). */
  relevant: boolean;
}

interface Rename {
  src: string;
  dst: string;
  side: 1 | 2;
}

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
}

/** Result of {@link ortMerge}: the tree is always computed (with conflict markers when unclean). */
export interface OrtMergeResult {
  clean: boolean;
  tree: string;
  conflicts: OrtConflict[];
}

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
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

const sameVersion = (a: Version, b: Version): boolean => a.mode === b.mode && a.oid === b.oid;

function isBinary(content: Uint8Array): boolean {
  const limit = Math.min(content.length, 8000);
  for (let i = 0; i < limit; i++) if (content[i] === 0) return true;
  return false;
}

class OrtMerge {
  private readonly paths = new Map<string, Info>();
  private readonly conflicted = new Map<string, Info>();
  private readonly pairs: { del: Pair[]; add: Pair[] }[] = [
    { del: [], add: [] },
    { del: [], add: [] },
    { del: [], add: [] },
  ];
  /** Directories deferred per side (the side that changed them). */
  private readonly deferred: string[][] = [[], [], []];
  private readonly trivialOkay = [true, true, true];
  private readonly store: MergeStore;

  constructor(private readonly o: OrtMergeOptions) {
    this.store = o.store;
  }

  async run(): Promise<OrtMergeResult> {
    await this.collect('', [this.o.base, this.o.side1, this.o.side2]);
    await this.handleDeferred();
    const renames = this.detectRenames();
    await this.processRenames(renames);
    const tree = await this.processEntries();
    const conflicts: OrtConflict[] = [];
    for (const [path, ci] of [...this.conflicted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      conflicts.push({
        path,
        kind: ci.kind ?? 'content',
        message: ci.message ?? `CONFLICT (content): Merge conflict in ${path}`,
        stages: ci.stages,
        filemask: ci.filemask,
        ...(ci.conflictContent ? { content: ci.conflictContent } : {}),
      });
    }
    return { clean: conflicts.length === 0, tree, conflicts };
  }

  // ---------------------------------------------------------------- collect

  private setResolved(path: string, dir: string, version: Version, isNull: boolean): void {
    this.paths.set(path, {
      dir,
      clean: true,
      isNull,
      result: version,
      conflict: false,
      stages: [NONE, NONE, NONE],
      pathnames: [path, path, path],
      filemask: 0,
      dirmask: 0,
      matchMask: 0,
      dfConflict: false,
      pathConflict: false,
    });
  }

  private async collect(dir: string, trees: [string | null, string | null, string | null]): Promise<void> {
    const lists = await Promise.all(trees.map((t) => this.store.readTree(t)));
    const byName: Array<Map<string, StoreTreeEntry>> = lists.map((l) => new Map(l.map((e) => [e.name, e])));
    const names = [...new Set(lists.flatMap((l) => l.map((e) => e.name)))].sort();
    for (const name of names) {
      const ents = byName.map((m) => m.get(name));
      const v: [Version, Version, Version] = [0, 1, 2].map((i) => {
        const e = ents[i];
        return e ? { mode: e.mode, oid: e.oid } : NONE;
      }) as [Version, Version, Version];
      let mask = 0;
      let dirmask = 0;
      for (let i = 0; i < 3; i++) {
        if (v[i]!.mode) mask |= 1 << i;
        if (v[i]!.mode === S_IFDIR) dirmask |= 1 << i;
      }
      const filemask = mask & ~dirmask;
      const path = dir ? `${dir}/${name}` : name;
      const s1mb = v[1].mode !== 0 && v[0].mode !== 0 && sameVersion(v[0], v[1]);
      const s2mb = v[2].mode !== 0 && v[0].mode !== 0 && sameVersion(v[0], v[2]);
      const sidesMatch = v[1].mode !== 0 && v[2].mode !== 0 && sameVersion(v[1], v[2]);
      let matchMask = 0;
      if (s1mb) matchMask = s2mb ? 7 : 3;
      else if (s2mb) matchMask = 5;
      else if (sidesMatch) matchMask = 6;

      if (s1mb && s2mb) {
        this.setResolved(path, dir, v[0], false);
        continue;
      }
      if (sidesMatch && filemask === 7) {
        this.setResolved(path, dir, v[1], false);
        continue;
      }
      if (s1mb && filemask === 7) {
        this.setResolved(path, dir, v[2], false);
        continue;
      }
      if (s2mb && filemask === 7) {
        this.setResolved(path, dir, v[1], false);
        continue;
      }

      this.collectRenameInfo(path, v, filemask, matchMask);

      const ci: Info = {
        dir,
        clean: false,
        isNull: dirmask !== 0,
        result: NONE,
        conflict: true,
        stages: v,
        pathnames: [path, path, path],
        filemask,
        dirmask,
        matchMask,
        dfConflict: filemask !== 0 && dirmask !== 0,
        pathConflict: false,
      };
      this.paths.set(path, ci);

      if (dirmask) {
        let side = s1mb ? 2 : s2mb ? 1 : 0;
        if (filemask === 0 && (dirmask === 2 || dirmask === 4)) {
          ci.matchMask = 7 - dirmask;
          side = dirmask / 2;
        }
        if (side !== 0 && this.trivialOkay[side]) {
          this.deferred[side]!.push(path);
          continue;
        }
        ci.matchMask &= filemask;
        ci.recursed = true;
        await this.collect(path, [0, 1, 2].map((i) => (dirmask & (1 << i) ? v[i]!.oid : null)) as [string | null, string | null, string | null]);
      }
    }
  }

  private collectRenameInfo(path: string, v: [Version, Version, Version], filemask: number, matchMask: number): void {
    if (filemask === 0 || filemask === 7) return;
    for (const side of [1, 2] as const) {
      const bit = 1 << side;
      if (filemask & 1 && !(filemask & bit)) {
        this.pairs[side]!.del.push({ path, version: v[0], relevant: (matchMask & filemask) === 0 });
      }
      if (!(filemask & 1) && filemask & bit) {
        this.pairs[side]!.add.push({ path, version: v[side], relevant: false });
      }
    }
  }

  private hasRelevantSources(side: number): boolean {
    return this.pairs[side]!.del.some((p) => p.relevant);
  }

  private async handleDeferred(): Promise<void> {
    for (const side of [1, 2] as const) {
      const okay = !this.hasRelevantSources(side);
      this.trivialOkay[side] = okay;
      const dirs = this.deferred[side]!;
      this.deferred[side] = [];
      for (const path of dirs) {
        const ci = this.paths.get(path) as Info;
        if (okay) {
          ci.result = ci.stages[side];
          ci.isNull = ci.stages[side].mode === 0;
          ci.matchMask = 0;
          ci.clean = true;
          continue;
        }
        const t: Array<string | null> = [];
        for (let i = 0; i < 3; i++) {
          if (i === 1 && ci.matchMask === 3) t[1] = t[0] ?? null;
          else if (i === 2 && ci.matchMask === 5) t[2] = t[0] ?? null;
          else if (i === 2 && ci.matchMask === 6) t[2] = t[1] ?? null;
          else t[i] = ci.dirmask & (1 << i) ? ci.stages[i]!.oid : null;
        }
        ci.matchMask &= ci.filemask;
        ci.recursed = true;
        await this.collect(path, t as [string | null, string | null, string | null]);
      }
      for (const path of this.deferred[side]!) {
        const ci = this.paths.get(path) as Info;
        ci.result = ci.stages[side];
        ci.isNull = ci.stages[side].mode === 0;
        ci.matchMask = 0;
        ci.clean = true;
      }
      this.deferred[side] = [];
    }
  }

  // ---------------------------------------------------------------- renames

  /** diffcore-rename's exact pass (`find_exact_renames`), run on a side only when it has a relevant source. */
  private detectRenames(): Rename[] {
    const all: Rename[] = [];
    for (const side of [1, 2] as const) {
      const { del, add } = this.pairs[side]!;
      if (del.length + add.length === 0 || !this.hasRelevantSources(side)) continue;
      const sources = del.filter((p) => p.version.oid !== EMPTY_BLOB_OID);
      const dests = add.filter((p) => p.version.oid !== EMPTY_BLOB_OID);
      if (sources.length === 0 || dests.length === 0) continue;
      const used = new Set<number>();
      const byOid = new Map<string, number[]>();
      sources.forEach((s, i) => {
        const list = byOid.get(s.version.oid) ?? [];
        list.push(i);
        byOid.set(s.version.oid, list);
      });
      const found: Rename[] = [];
      for (const dst of dests) {
        const candidates = byOid.get(dst.version.oid) ?? [];
        let best = -1;
        let bestScore = -1;
        let budget = 100;
        for (const i of candidates) {
          const src = sources[i] as Pair;
          if ((!isReg(src.version.mode) || !isReg(dst.version.mode)) && src.version.mode !== dst.version.mode) continue;
          if (used.has(i)) continue;
          const score = 1 + (baseName(src.path) === baseName(dst.path) ? 1 : 0);
          if (score > bestScore) {
            best = i;
            bestScore = score;
            if (score === 2) break;
          }
          if (!--budget) break;
        }
        if (best >= 0) {
          used.add(best);
          found.push({ src: (sources[best] as Pair).path, dst: dst.path, side });
        }
      }
      all.push(...found);
    }
    // STABLE_QSORT by source path (strcmp)
    return all
      .map((r, i) => ({ r, i }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.r.src), Buffer.from(b.r.src)) || a.i - b.i)
      .map(({ r }) => r);
  }

  private async processRenames(renames: Rename[]): Promise<void> {
    const depth = this.o.callDepth;
    for (let i = 0; i < renames.length; i++) {
      const pair = renames[i] as Rename;
      const oldinfo = this.paths.get(pair.src);
      const newinfo = this.paths.get(pair.dst);
      if (!oldinfo || oldinfo.clean) continue;
      const next = renames[i + 1];
      if (next && next.src === pair.src) {
        const pathnames: [string, string, string] = [pair.src, pair.dst, next.dst];
        const base = this.paths.get(pathnames[0]) as Info;
        const side1 = this.paths.get(pathnames[1]) as Info;
        const side2 = this.paths.get(pathnames[2]) as Info;
        if (pathnames[1] === pathnames[2]) {
          side1.stages[0] = base.stages[0];
          side1.filemask |= 1;
          base.isNull = true;
          base.clean = true;
          i++;
          continue;
        }
        const merged = await this.handleContentMerge(pair.src, base.stages[0], side1.stages[1], side2.stages[2], pathnames, 1 + 2 * depth, side1);
        let forSide2 = merged.result;
        if (!merged.clean && sameVersion(merged.result, side1.stages[1])) forSide2 = side2.stages[2];
        side1.stages[1] = merged.result;
        side2.stages[2] = forSide2;
        const message = `CONFLICT (rename/rename): ${pathnames[0]} renamed to ${pathnames[1]} in ${this.o.branch1} and to ${pathnames[2]} in ${this.o.branch2}.`;
        for (const ci of [side1, side2, base]) {
          ci.pathConflict = true;
          ci.kind = 'rename';
          ci.message = message;
        }
        i++;
        continue;
      }
      if (!newinfo) continue;
      const targetIndex = pair.side;
      const otherIndex = 3 - targetIndex;
      const oldSidemask = 1 << otherIndex;
      const sourceDeleted = oldinfo.filemask === 1;
      let collision = (newinfo.filemask & oldSidemask) !== 0;
      const typeChanged =
        !sourceDeleted && isReg(oldinfo.stages[otherIndex]!.mode) !== isReg(newinfo.stages[targetIndex]!.mode);
      if (typeChanged && collision) collision = false;
      const renameBranch = targetIndex === 1 ? this.o.branch1 : this.o.branch2;
      const deleteBranch = targetIndex === 1 ? this.o.branch2 : this.o.branch1;

      if (collision && !sourceDeleted) {
        const pathnames: [string, string, string] = [pair.src, pair.src, pair.src];
        pathnames[targetIndex] = pair.dst;
        const base = this.paths.get(pathnames[0]) as Info;
        const side1 = this.paths.get(pathnames[1]) as Info;
        const side2 = this.paths.get(pathnames[2]) as Info;
        const merged = await this.handleContentMerge(pair.src, base.stages[0], side1.stages[1], side2.stages[2], pathnames, 1 + 2 * depth, newinfo);
        newinfo.stages[targetIndex] = merged.result;
        if (!merged.clean) {
          newinfo.kind = 'rename';
          newinfo.message = `CONFLICT (rename involved in collision): rename of ${pair.src} -> ${pair.dst} has content conflicts AND collides with another path.`;
        }
      } else if (collision && sourceDeleted) {
        newinfo.pathConflict = true;
        newinfo.kind = 'rename';
        newinfo.message = `CONFLICT (rename/delete): ${pair.src} renamed to ${pair.dst} in ${renameBranch}, but deleted in ${deleteBranch}.`;
      } else {
        newinfo.stages[0] = oldinfo.stages[0];
        newinfo.filemask |= 1;
        newinfo.pathnames[0] = pair.src;
        if (typeChanged) {
          oldinfo.stages[0] = NONE;
          oldinfo.filemask &= 0x06;
        } else if (sourceDeleted) {
          newinfo.pathConflict = true;
          newinfo.kind = 'rename';
          newinfo.message = `CONFLICT (rename/delete): ${pair.src} renamed to ${pair.dst} in ${renameBranch}, but deleted in ${deleteBranch}.`;
        } else {
          newinfo.stages[otherIndex] = oldinfo.stages[otherIndex] as Version;
          newinfo.filemask |= 1 << otherIndex;
          newinfo.pathnames[otherIndex] = pair.src;
        }
      }
      if (!typeChanged) {
        oldinfo.isNull = true;
        oldinfo.clean = true;
      }
    }
  }

  // ---------------------------------------------------------------- content

  private async handleContentMerge(
    path: string,
    o: Version,
    a: Version,
    b: Version,
    pathnames: [string, string, string],
    extraMarkerSize: number,
    ci: Info,
  ): Promise<{ clean: boolean; result: Version }> {
    const depth = this.o.callDepth;
    let clean = true;
    const result: Version = { mode: 0, oid: NULL_OID };
    if (a.mode === b.mode || a.mode === o.mode) result.mode = b.mode;
    else {
      result.mode = a.mode;
      clean = b.mode === o.mode;
      if (!clean) {
        ci.kind ??= 'mode';
        ci.message ??= `CONFLICT (mode): ${path} changed mode differently on each side.`;
      }
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
      const name1 = sameNames ? this.o.branch1 : `${this.o.branch1}:${pathnames[1]}`;
      const name2 = sameNames ? this.o.branch2 : `${this.o.branch2}:${pathnames[2]}`;
      if (isBinary(orig) || isBinary(src1) || isBinary(src2)) {
        if (depth) result.oid = this.store.putBlob(orig);
        else {
          result.oid = a.oid;
          clean = false;
          ci.kind = 'binary';
          ci.message = `CONFLICT (binary): Cannot merge binary files: ${path} (${name1} vs. ${name2})`;
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
          ci.conflictContent = merged.content;
          ci.kind = ci.filemask === 6 ? 'add-add' : 'content';
          ci.message = `CONFLICT (${ci.filemask === 6 ? 'add/add' : 'content'}): Merge conflict in ${path}`;
        }
      }
    } else if (isGitlink(a.mode)) {
      const twoWay = (o.mode & S_IFMT) !== (a.mode & S_IFMT);
      clean = false;
      result.oid = depth ? o.oid : a.oid;
      ci.kind = 'submodule';
      ci.message = `CONFLICT (submodule): Merge conflict in ${path}`;
      if (depth && twoWay) {
        result.mode = o.mode;
        result.oid = o.oid;
      }
    } else if (isLnk(a.mode)) {
      clean = false;
      ci.kind = 'content';
      ci.message = `CONFLICT (content): Merge conflict in ${path} (symbolic links are never merged)`;
      if (depth) {
        result.mode = o.mode;
        result.oid = o.oid;
      } else result.oid = a.oid;
    }
    return { clean, result };
  }

  // ---------------------------------------------------------------- process

  private uniquePath(path: string, branch: string): string {
    const stem = `${path}~${branch.replace(/\//g, '_')}`;
    let candidate = stem;
    for (let suffix = 0; this.paths.has(candidate); suffix++) candidate = `${stem}_${suffix}`;
    return candidate;
  }

  private async processEntries(): Promise<string> {
    if (this.paths.size === 0) return EMPTY_TREE_OID;
    const keys = [...this.paths.keys()].sort(sortDirsNextToChildren);
    const dirEntries = new Map<string, StoreTreeEntry[]>();
    const record = (path: string, info: Info): void => {
      if (info.isNull) return;
      const parent = dirName(path);
      let list = dirEntries.get(parent);
      if (!list) dirEntries.set(parent, (list = []));
      list.push({ name: baseName(path), mode: info.result.mode, oid: info.result.oid });
    };
    for (let k = keys.length - 1; k >= 0; k--) {
      const path = keys[k] as string;
      const info = this.paths.get(path) as Info;
      if (info.recursed) {
        const children = dirEntries.get(path) ?? [];
        dirEntries.delete(path);
        if (children.length === 0) {
          info.isNull = true;
          info.result = NONE;
        } else {
          info.isNull = false;
          info.result = { mode: S_IFDIR, oid: this.store.putTree(children) };
        }
      }
      if (info.clean) record(path, info);
      else await this.processEntry(path, info, record);
    }
    return this.store.putTree(dirEntries.get('') ?? []);
  }

  private async processEntry(startPath: string, start: Info, record: (path: string, info: Info) => void): Promise<void> {
    const depth = this.o.callDepth;
    let path = startPath;
    let ci = start;
    let dfFileIndex = 0;
    if (ci.dirmask) {
      record(path, { ...ci });
      if (ci.filemask === 0) return;
    }
    if (ci.dfConflict && ci.result.mode === 0) {
      ci.dfConflict = false;
      ci.clean = false;
      ci.isNull = false;
      ci.matchMask &= ~ci.dirmask;
      ci.dirmask = 0;
      for (let i = 0; i < 3; i++) if (!(ci.filemask & (1 << i))) ci.stages[i] = NONE;
    } else if (ci.dfConflict && ci.result.mode !== 0) {
      if (ci.filemask === 1) {
        ci.filemask = 0;
        return;
      }
      const fresh: Info = {
        ...ci,
        stages: [...ci.stages] as [Version, Version, Version],
        pathnames: [...ci.pathnames] as [string, string, string],
      };
      fresh.matchMask &= ~fresh.dirmask;
      for (let i = 0; i < 3; i++) if (!(fresh.filemask & (1 << i))) fresh.stages[i] = NONE;
      dfFileIndex = ci.dirmask & (1 << 1) ? 2 : 1;
      fresh.dirmask = 0;
      const branch = dfFileIndex === 1 ? this.o.branch1 : this.o.branch2;
      const oldPath = path;
      path = this.uniquePath(path, branch);
      this.paths.set(path, fresh);
      fresh.kind = 'file-directory';
      fresh.message = `CONFLICT (file/directory): directory in the way of ${oldPath} from ${branch}; moving it to ${path} instead.`;
      ci.filemask = 0;
      ci = fresh;
      ci.isNull = false;
    }

    if (ci.matchMask) {
      ci.clean = !ci.dfConflict && !ci.pathConflict;
      if (ci.matchMask === 6) {
        ci.result = ci.stages[1];
      } else {
        const othermask = 7 & ~ci.matchMask;
        const side = othermask === 4 ? 2 : 1;
        ci.result = ci.stages[side]!;
        ci.isNull = ci.result.mode === 0;
        if (ci.isNull) ci.clean = true;
      }
    } else if (ci.filemask >= 6 && (ci.stages[1].mode & S_IFMT) !== (ci.stages[2].mode & S_IFMT)) {
      ci.kind ??= 'mode';
      ci.message ??= `CONFLICT (distinct types): ${path} had different types on each side.`;
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
        const aPath = renameA ? this.uniquePath(path, this.o.branch1) : null;
        let bPath = renameB ? this.uniquePath(path, this.o.branch2) : null;
        ci.clean = false;
        const fresh: Info = {
          ...ci,
          stages: [...ci.stages] as [Version, Version, Version],
          pathnames: [...ci.pathnames] as [string, string, string],
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
      const merged = await this.handleContentMerge(path, ci.stages[0], ci.stages[1], ci.stages[2], ci.pathnames, depth * 2, ci);
      ci.clean = merged.clean && !ci.dfConflict && !ci.pathConflict;
      ci.result = merged.result;
      ci.isNull = merged.result.mode === 0;
      if (merged.clean && ci.dfConflict) {
        ci.filemask = 1 << dfFileIndex;
        ci.stages[dfFileIndex] = merged.result;
      }
    } else if (ci.filemask === 3 || ci.filemask === 5) {
      const side = ci.filemask === 5 ? 2 : 1;
      const index = depth ? 0 : side;
      ci.result = ci.stages[index]!;
      ci.clean = false;
      if (!(ci.pathConflict && ci.stages[0].oid === ci.stages[side]!.oid)) {
        const modifyBranch = side === 1 ? this.o.branch1 : this.o.branch2;
        const deleteBranch = side === 1 ? this.o.branch2 : this.o.branch1;
        ci.kind ??= 'modify-delete';
        ci.message ??= `CONFLICT (modify/delete): ${path} deleted in ${deleteBranch} and modified in ${modifyBranch}.`;
      }
    } else if (ci.filemask === 2 || ci.filemask === 4) {
      const side = ci.filemask === 4 ? 2 : 1;
      ci.result = ci.stages[side]!;
      ci.clean = !ci.dfConflict && !ci.pathConflict;
    } else if (ci.filemask === 1) {
      ci.isNull = true;
      ci.result = NONE;
      ci.clean = !ci.pathConflict;
    }

    if (!ci.clean) this.conflicted.set(path, ci);
    record(path, ci);
  }
}

/** Merge three trees the way git's merge-ort does (see the module comment for what is ported). */
export async function ortMerge(options: OrtMergeOptions): Promise<OrtMergeResult> {
  return new OrtMerge(options).run();
}
