/**
 * State shared by the parts of relctl's merge-ort port (ort-merge.ts walks the trees and
 * processes entries, ort-renames.ts detects and applies renames): git's `merge_options_internal`
 * and `rename_info`, as far as a single (possibly virtual-base) merge needs them.
 *
 * @internal
 */
import type { DirRenameCount, FilePair } from './diffcore-rename.js';
import type { GitOrderedMap } from './git-hash-order.js';
import type { MergeStore } from './merge-store.js';

export const S_IFMT = 0o170000;
export const S_IFDIR = 0o40000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_IFGITLINK = 0o160000;
export const NULL_OID = '0000000000000000000000000000000000000000';

export const isReg = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
export const isLnk = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;
export const isGitlink = (mode: number): boolean => (mode & S_IFMT) === S_IFGITLINK;

/** A mode + object id; mode 0 means absent. */
export interface Version {
  mode: number;
  oid: string;
}

export const NONE: Version = { mode: 0, oid: NULL_OID };

export const sameVersion = (a: Version, b: Version): boolean => a.mode === b.mode && a.oid === b.oid;

/**
 * One path of the merge: git's `merged_info`, plus its `conflict_info` part while `clean` is
 * false (git allocates the larger struct only for unresolved paths; here every entry has the
 * fields and `clean` says whether they still matter).
 */
export interface Info {
  /** Containing directory (`directory_name`; `''` at the top). */
  dir: string;
  clean: boolean;
  isNull: boolean;
  result: Version;
  stages: [Version, Version, Version];
  /** Where each stage came from (differs from the path after renames). */
  pathnames: [string, string, string];
  filemask: number;
  dirmask: number;
  matchMask: number;
  dfConflict: boolean;
  pathConflict: boolean;
}

/** `merge.directoryRenames`: `true`, `conflict` (git's default) or `false`. */
export type DirectoryRenames = 'true' | 'conflict' | 'false';

/** One logical conflict or notice, recorded under its primary path (git's `path_msg`). */
export interface PathMessage {
  /** git's stable short description (`CONFLICT (rename/delete)`, `Auto-merging`, …). */
  type: string;
  /** The primary path first, then the other paths involved. */
  paths: string[];
  message: string;
}

/** Rename bookkeeping per side (index 1 and 2; 0 unused), git's `rename_info`. */
export interface RenameInfo {
  pairs: FilePair[][];
  dirsRemoved: Array<Map<string, number>>;
  dirRenameCount: DirRenameCount[];
  dirRenames: Array<Map<string, string>>;
  relevantSources: Array<Map<string, number>>;
  possibleTrivialMerges: Array<GitOrderedMap<number>>;
  /** Ancestor directories of rename destinations known from the cache (`deferred[side].target_dirs`). */
  targetDirs: Array<Set<string>>;
  trivialMergesOkay: boolean[];
  dirRenameMask: number;
  neededLimit: number;
  /**
   * Renames (old path -> new path) and deletions (-> null) found by the first pass, reused by the
   * second pass of a merge git restarts after rename detection (`cached_pairs`).
   */
  cachedPairs: Array<GitOrderedMap<string | null>>;
  cachedTargetNames: Array<Set<string>>;
  /** Sources rename detection found it no longer needed (`cached_irrelevant`). */
  cachedIrrelevant: Array<Set<string>>;
  /**
   * git's `redo_after_renames`: 1 when walking the deferred directories tripled the number of
   * paths (a restart with the renames known lets most of them resolve whole), 2 while the merge
   * restarts, 0 otherwise.
   */
  redoAfterRenames: 0 | 1 | 2;
}

/** What the rename steps need from the merge. */
export interface OrtContext {
  store: MergeStore;
  paths: Map<string, Info>;
  renames: RenameInfo;
  branch1: string;
  branch2: string;
  callDepth: number;
  directoryRenames: DirectoryRenames;
  renameLimit: number;
  pathMsg(type: string, omittable: boolean, primary: string, others: string[], message: string): void;
  handleContentMerge(path: string, o: Version, a: Version, b: Version, pathnames: [string, string, string], extraMarkerSize: number): Promise<{ clean: boolean; result: Version }>;
}

/** A fresh conflict entry (`setup_path_info` for an unresolved path). */
export function newConflictInfo(dir: string, path: string): Info {
  return {
    dir,
    clean: false,
    isNull: false,
    result: NONE,
    stages: [NONE, NONE, NONE],
    pathnames: [path, path, path],
    filemask: 0,
    dirmask: 0,
    matchMask: 0,
    dfConflict: false,
    pathConflict: false,
  };
}
