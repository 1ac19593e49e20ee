/**
 * merge-ort's rename handling (git 2.39 `detect_and_process_renames`): run rename detection on
 * each side, turn the renames of whole directories into directory renames, move what the other
 * side added (or renamed) into a renamed directory, then fold every rename into the entries of
 * the merge, recording rename/rename, rename/add, rename/delete, directory-rename split and
 * file-location conflicts with git's messages.
 *
 * @internal
 */
import { diffcoreRename, RELEVANT_NO_MORE, type DirRenameCount, type FilePair } from './diffcore-rename.js';
import type { GitOrderedMap } from './git-hash-order.js';
import { isReg, NONE, NULL_OID, newConflictInfo, sameVersion, type Info, type OrtContext, type Version } from './ort-context.js';

interface Collision {
  /** Paths the other side's directory renames would move here, sorted like a string_list. */
  sourceFiles: string[];
  reportedAlready: boolean;
}

function bytewise(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function possibleSideRenames(ctx: OrtContext, side: number): boolean {
  return (ctx.renames.pairs[side] as FilePair[]).length > 0 && (ctx.renames.relevantSources[side] as Map<string, number>).size > 0;
}

/** `detect_regular_renames`: diffcore-rename on one side, when that side has relevant sources left. */
async function detectRegularRenames(ctx: OrtContext, side: 1 | 2): Promise<boolean> {
  const r = ctx.renames;
  // prune_cached_from_relevant: what the first pass settled is not detected again
  const relevant = r.relevantSources[side] as Map<string, number>;
  for (const [source] of (r.cachedPairs[side] as GitOrderedMap<string | null>).entries()) relevant.delete(source);
  for (const source of r.cachedIrrelevant[side] as Set<string>) relevant.delete(source);
  if (!possibleSideRenames(ctx, side)) return false; // pairs keep their A/D statuses
  r.dirRenameCount[side] = new Map();
  const { pairs, neededLimit } = await diffcoreRename({
    pairs: r.pairs[side] as FilePair[],
    relevantSources: relevant,
    dirsRemoved: r.dirsRemoved[side] as Map<string, number>,
    dirRenameCount: r.dirRenameCount[side] as DirRenameCount,
    cachedPairs: r.cachedPairs[side] as GitOrderedMap<string | null>,
    renameLimit: ctx.renameLimit <= 0 ? 7000 : ctx.renameLimit,
    readBlob: (oid) => ctx.store.readBlob(oid),
  });
  r.pairs[side] = pairs;
  if (neededLimit > 0) r.redoAfterRenames = 0;
  if (neededLimit > r.neededLimit) r.neededLimit = neededLimit;
  return true;
}

/** `possibly_cache_new_pair` for the first pass of a restarted merge (no directory renames yet). */
function cachePair(ctx: OrtContext, p: FilePair, side: 1 | 2): void {
  const r = ctx.renames;
  const source = (p.one ?? p.two) as { path: string };
  const val = (r.relevantSources[side] as Map<string, number>).get(source.path) ?? -1;
  if (val === RELEVANT_NO_MORE) (r.cachedIrrelevant[side] as Set<string>).add(source.path);
  if (val <= 0) return;
  if (p.status === 'D') (r.cachedPairs[side] as GitOrderedMap<string | null>).set(source.path, null);
  else if (p.status === 'R') {
    const target = (p.two as { path: string }).path;
    (r.cachedPairs[side] as GitOrderedMap<string | null>).set(source.path, target);
    (r.cachedTargetNames[side] as Set<string>).add(target);
  }
}

/** `use_cached_pairs`: the first pass's renames and deletions join this side's pairs. */
function useCachedPairs(ctx: OrtContext, side: 1 | 2): void {
  const r = ctx.renames;
  for (const [oldName, newName] of (r.cachedPairs[side] as GitOrderedMap<string | null>).entries()) {
    // only the names and the status matter from here on
    (r.pairs[side] as FilePair[]).push({
      one: { path: oldName, mode: 0, oid: NULL_OID },
      two: { path: newName ?? oldName, mode: 0, oid: NULL_OID },
      status: newName ? 'R' : 'D',
    });
  }
}

/** `get_provisional_directory_renames`: a directory goes where most of its files went. */
function getProvisionalDirectoryRenames(ctx: OrtContext, side: 1 | 2): boolean {
  let clean = true;
  const r = ctx.renames;
  for (const [sourceDir, counts] of r.dirRenameCount[side] as DirRenameCount) {
    let max = 0;
    let badMax = 0;
    let best: string | null = null;
    for (const [targetDir, count] of counts.entries()) {
      if (count === max) badMax = max;
      else if (count > max) {
        max = count;
        best = targetDir;
      }
    }
    if (max === 0) continue;
    if (badMax === max) {
      ctx.pathMsg(
        'CONFLICT(directory rename unclear split)',
        false,
        sourceDir,
        [],
        `CONFLICT (directory rename split): Unclear where to rename ${sourceDir} to; it was renamed to multiple other directories, with no destination getting a majority of the files.`,
      );
      clean = false;
    } else (r.dirRenames[side] as Map<string, string>).set(sourceDir, best as string);
  }
  return clean;
}

/** `handle_directory_level_conflicts`: a directory renamed on both sides is renamed on neither. */
function handleDirectoryLevelConflicts(ctx: OrtContext): void {
  const side1 = ctx.renames.dirRenames[1] as Map<string, string>;
  const side2 = ctx.renames.dirRenames[2] as Map<string, string>;
  for (const dir of [...side1.keys()]) {
    if (side2.has(dir)) {
      side1.delete(dir);
      side2.delete(dir);
    }
  }
}

/** `check_dir_renamed`: the closest renamed ancestor directory of `path`. */
function checkDirRenamed(path: string, dirRenames: Map<string, string>): [string, string] | null {
  let temp = path;
  for (;;) {
    const slash = temp.lastIndexOf('/');
    if (slash < 0) return null;
    temp = temp.slice(0, slash);
    const target = dirRenames.get(temp);
    if (target !== undefined) return [temp, target];
  }
}

/** `apply_dir_rename`: swap the renamed directory prefix of `oldPath`. */
function applyDirRename([oldDir, newDir]: [string, string], oldPath: string): string {
  const oldLen = oldDir.length + (newDir === '' ? 1 : 0);
  return newDir + oldPath.slice(oldLen);
}

/** `compute_collisions`: where the other side's directory renames would move this side's adds and renames. */
function computeCollisions(dirRenames: Map<string, string>, pairs: FilePair[]): Map<string, Collision> {
  const collisions = new Map<string, Collision>();
  if (dirRenames.size === 0) return collisions;
  for (const pair of pairs) {
    if (pair.status !== 'A' && pair.status !== 'R') continue;
    const two = (pair.two as { path: string }).path;
    const renameInfo = checkDirRenamed(two, dirRenames);
    if (!renameInfo) continue;
    const newPath = applyDirRename(renameInfo, two);
    let info = collisions.get(newPath);
    if (!info) collisions.set(newPath, (info = { sourceFiles: [], reportedAlready: false }));
    // string_list_insert: sorted, no duplicates
    if (!info.sourceFiles.includes(two)) {
      info.sourceFiles.push(two);
      info.sourceFiles.sort(bytewise);
    }
  }
  return collisions;
}

function pathInWay(ctx: OrtContext, path: string, sideMask: number): boolean {
  const mi = ctx.paths.get(path);
  if (!mi) return false;
  return mi.clean || (sideMask & (mi.filemask | mi.dirmask)) !== 0;
}

/** `handle_path_level_conflicts`: the new path, unless something is in the way or several paths land there. */
function handlePathLevelConflicts(ctx: OrtContext, path: string, sideIndex: number, renameInfo: [string, string], collisions: Map<string, Collision>): string | null {
  const newPath = applyDirRename(renameInfo, path);
  const info = collisions.get(newPath);
  if (!info) throw new Error(`merge: no collision info for ${newPath}`);
  if (info.reportedAlready) return null;
  if (pathInWay(ctx, newPath, 1 << sideIndex)) {
    info.reportedAlready = true;
    ctx.pathMsg(
      'CONFLICT (file in way of directory rename)',
      false,
      newPath,
      info.sourceFiles,
      `CONFLICT (implicit dir rename): Existing file/dir at ${newPath} in the way of implicit directory rename(s) putting the following path(s) there: ${info.sourceFiles.join(', ')}.`,
    );
    return null;
  }
  if (info.sourceFiles.length > 1) {
    info.reportedAlready = true;
    ctx.pathMsg(
      'CONFLICT(directory rename collision)',
      false,
      newPath,
      info.sourceFiles,
      `CONFLICT (implicit dir rename): Cannot map more than one path to ${newPath}; implicit directory renames tried to put these paths there: ${info.sourceFiles.join(', ')}`,
    );
    return null;
  }
  return newPath;
}

/** `check_for_directory_rename`: the path an add or rename of `sideIndex` moves to, if any. */
function checkForDirectoryRename(
  ctx: OrtContext,
  path: string,
  sideIndex: 1 | 2,
  dirRenames: Map<string, string>,
  exclusions: Map<string, string>,
  collisions: Array<Map<string, Collision>>,
): { newPath: string | null; clean: boolean } {
  if (dirRenames.size === 0) return { newPath: null, clean: true };
  const otherSide = 3 - sideIndex;
  if ((collisions[otherSide] as Map<string, Collision>).has(path)) return { newPath: null, clean: true };
  const renameInfo = checkDirRenamed(path, dirRenames);
  if (!renameInfo) return { newPath: null, clean: true };
  // No implicit rename into a directory this side renamed away itself (t6423 9c, 9d).
  const newDir = renameInfo[1];
  if (exclusions.has(newDir)) {
    ctx.pathMsg(
      'Directory rename skipped since directory was renamed on both sides',
      true,
      renameInfo[0],
      [path, newDir],
      `WARNING: Avoiding applying ${renameInfo[0]} -> ${newDir} rename to ${path}, because ${newDir} itself was renamed.`,
    );
    return { newPath: null, clean: true };
  }
  const newPath = handlePathLevelConflicts(ctx, path, sideIndex, renameInfo, collisions[sideIndex] as Map<string, Collision>);
  return { newPath, clean: newPath !== null };
}

/** `apply_directory_rename_modifications`: move the entry of an add/rename into the renamed directory. */
function applyDirectoryRenameModifications(ctx: OrtContext, pair: FilePair, newPath: string): void {
  const two = pair.two as { path: string };
  const oldPath = two.path;
  let ci = ctx.paths.get(oldPath) as Info;

  // Parent directories missing from paths are added (deepest last).
  const dirsToInsert: string[] = [];
  let parentName: string;
  let curPath = newPath;
  for (;;) {
    const slash = curPath.lastIndexOf('/');
    if (slash < 0) {
      parentName = '';
      break;
    }
    parentName = curPath.slice(0, slash);
    if (ctx.paths.has(parentName)) break;
    dirsToInsert.push(parentName);
    curPath = parentName;
  }
  for (let i = dirsToInsert.length - 1; i >= 0; i--) {
    const curDir = dirsToInsert[i] as string;
    const dirCi = newConflictInfo(parentName, curDir);
    dirCi.pathnames = [curDir, curDir, curDir];
    dirCi.dirmask = ci.filemask;
    ctx.paths.set(curDir, dirCi);
    parentName = curDir;
  }

  if (ci.dirmask === 0) ctx.paths.delete(oldPath);
  else {
    // A directory remains at the old path until everything below it is processed: keep the
    // directory there and move only the file.
    const fileCi: Info = { ...ci, stages: [...ci.stages] as Info['stages'], pathnames: [...ci.pathnames] as Info['pathnames'] };
    fileCi.dirmask = 0;
    fileCi.stages[1] = NONE;
    ci.filemask = 0;
    ci.clean = true;
    for (let i = 0; i < 3; i++) if (!(ci.dirmask & (1 << i))) ci.stages[i] = NONE;
    ci = fileCi;
  }

  const branchWithNewPath = ci.filemask === 2 ? ctx.branch1 : ctx.branch2;
  const branchWithDirRename = ci.filemask === 2 ? ctx.branch2 : ctx.branch1;

  ci.dir = parentName;
  const existing = ctx.paths.get(newPath);
  if (!existing) ctx.paths.set(newPath, ci);
  else {
    existing.filemask |= ci.filemask;
    if (existing.dirmask) existing.dfConflict = true;
    const index = ci.filemask >> 1;
    existing.pathnames[index] = ci.pathnames[index] as string;
    existing.stages[index] = ci.stages[index] as Version;
    ci = existing;
  }

  if (ctx.directoryRenames === 'true') {
    const message =
      pair.status === 'A'
        ? `Path updated: ${oldPath} added in ${branchWithNewPath} inside a directory that was renamed in ${branchWithDirRename}; moving it to ${newPath}.`
        : `Path updated: ${(pair.one as { path: string }).path} renamed to ${oldPath} in ${branchWithNewPath}, inside a directory that was renamed in ${branchWithDirRename}; moving it to ${newPath}.`;
    ctx.pathMsg('Path updated due to directory rename', true, newPath, [oldPath], message);
  } else {
    ci.pathConflict = true;
    const message =
      pair.status === 'A'
        ? `CONFLICT (file location): ${oldPath} added in ${branchWithNewPath} inside a directory that was renamed in ${branchWithDirRename}, suggesting it should perhaps be moved to ${newPath}.`
        : `CONFLICT (file location): ${(pair.one as { path: string }).path} renamed to ${oldPath} in ${branchWithNewPath}, inside a directory that was renamed in ${branchWithDirRename}, suggesting it should perhaps be moved to ${newPath}.`;
    ctx.pathMsg('CONFLICT (directory rename suggested)', true, newPath, [oldPath], message);
  }
  // An add keeps its old path as the source path (merge-ort's pairs always have one->path).
  if (!pair.one) pair.one = { path: oldPath, mode: 0, oid: NULL_OID };
  pair.two = { ...(pair.two as NonNullable<FilePair['two']>), path: newPath };
}

/** `collect_renames`: the renames (and directory-renamed adds) of one side. */
function collectRenames(
  ctx: OrtContext,
  result: FilePair[],
  sideIndex: 1 | 2,
  collisions: Array<Map<string, Collision>>,
  dirRenamesForSide: Map<string, string>,
  exclusions: Map<string, string>,
): boolean {
  let clean = true;
  for (const p of ctx.renames.pairs[sideIndex] as FilePair[]) {
    if (p.status !== 'A' && p.status !== 'R') continue;
    const check = checkForDirectoryRename(ctx, (p.two as { path: string }).path, sideIndex, dirRenamesForSide, exclusions, collisions);
    clean &&= check.clean;
    if (p.status !== 'R' && !check.newPath) continue;
    if (check.newPath) applyDirectoryRenameModifications(ctx, p, check.newPath);
    p.side = sideIndex;
    result.push(p);
  }
  return clean;
}

/** `process_renames`: fold each rename into the entries at its source and destination. */
async function processRenames(ctx: OrtContext, renames: FilePair[]): Promise<boolean> {
  let cleanMerge = true;
  const depth = ctx.callDepth;
  for (let i = 0; i < renames.length; i++) {
    const pair = renames[i] as FilePair;
    const oldpath = (pair.one as { path: string }).path;
    const newpath = (pair.two as { path: string }).path;
    const oldinfo = ctx.paths.get(oldpath);
    const newinfo = ctx.paths.get(newpath);
    // Source gone (directory rename moved it, or a parent resolved) or untouched on the other side.
    if (!oldinfo || oldinfo.clean) continue;

    const next = renames[i + 1];
    if (next && (next.one as { path: string }).path === oldpath) {
      // rename/rename(1to2) or rename/rename(1to1)
      const pathnames: [string, string, string] = [oldpath, newpath, (next.two as { path: string }).path];
      const base = ctx.paths.get(pathnames[0]) as Info;
      const side1 = ctx.paths.get(pathnames[1]) as Info;
      const side2 = ctx.paths.get(pathnames[2]) as Info;
      if (pathnames[1] === pathnames[2]) {
        side1.stages[0] = base.stages[0];
        side1.filemask |= 1;
        base.isNull = true;
        base.clean = true;
        i++;
        continue;
      }
      const merged = await ctx.handleContentMerge(oldpath, base.stages[0], side1.stages[1], side2.stages[2], pathnames, 1 + 2 * depth);
      let forSide2: Version = merged.result;
      if (!merged.clean && sameVersion(merged.result, side1.stages[1])) forSide2 = side2.stages[2];
      // git assigns (not ANDs) this merge's cleanness; the paths stay conflicted either way.
      cleanMerge = merged.clean;
      side1.stages[1] = merged.result;
      side2.stages[2] = forSide2;
      side1.pathConflict = true;
      side2.pathConflict = true;
      base.pathConflict = true;
      ctx.pathMsg(
        'CONFLICT (rename/rename)',
        false,
        pathnames[0],
        [pathnames[1], pathnames[2]],
        `CONFLICT (rename/rename): ${pathnames[0]} renamed to ${pathnames[1]} in ${ctx.branch1} and to ${pathnames[2]} in ${ctx.branch2}.`,
      );
      i++;
      continue;
    }

    const target = newinfo as Info;
    const targetIndex = pair.side as 1 | 2;
    const otherSourceIndex = 3 - targetIndex;
    const oldSidemask = 1 << otherSourceIndex;
    const sourceDeleted = oldinfo.filemask === 1;
    let collision = (target.filemask & oldSidemask) !== 0;
    const typeChanged = !sourceDeleted && isReg((oldinfo.stages[otherSourceIndex] as Version).mode) !== isReg((target.stages[targetIndex] as Version).mode);
    // A double rename whose other half break detection would have found (t6430).
    if (typeChanged && collision) collision = false;
    const renameBranch = targetIndex === 1 ? ctx.branch1 : ctx.branch2;
    const deleteBranch = targetIndex === 1 ? ctx.branch2 : ctx.branch1;

    if (collision && !sourceDeleted) {
      // rename/add or rename/rename(2to1)
      const pathnames: [string, string, string] = [oldpath, oldpath, oldpath];
      pathnames[targetIndex] = newpath;
      const base = ctx.paths.get(pathnames[0]) as Info;
      const side1 = ctx.paths.get(pathnames[1]) as Info;
      const side2 = ctx.paths.get(pathnames[2]) as Info;
      const merged = await ctx.handleContentMerge(oldpath, base.stages[0], side1.stages[1], side2.stages[2], pathnames, 1 + 2 * depth);
      target.stages[targetIndex] = merged.result;
      if (!merged.clean) {
        ctx.pathMsg(
          'CONFLICT (rename involved in collision)',
          false,
          newpath,
          [oldpath],
          `CONFLICT (rename involved in collision): rename of ${oldpath} -> ${newpath} has content conflicts AND collides with another path; this may result in nested conflict markers.`,
        );
      }
    } else if (collision && sourceDeleted) {
      // rename/add/delete or rename/rename(2to1)/delete: looks like an add/add from here on.
      target.pathConflict = true;
      ctx.pathMsg(
        'CONFLICT (rename/delete)',
        false,
        newpath,
        [oldpath],
        `CONFLICT (rename/delete): ${oldpath} renamed to ${newpath} in ${renameBranch}, but deleted in ${deleteBranch}.`,
      );
    } else {
      target.stages[0] = oldinfo.stages[0];
      target.filemask |= 1;
      target.pathnames[0] = oldpath;
      if (typeChanged) {
        // rename vs. typechange: the original is resolved by removal of its base
        oldinfo.stages[0] = NONE;
        oldinfo.filemask &= 0x06;
      } else if (sourceDeleted) {
        target.pathConflict = true;
        ctx.pathMsg(
          'CONFLICT (rename/delete)',
          false,
          newpath,
          [oldpath],
          `CONFLICT (rename/delete): ${oldpath} renamed to ${newpath} in ${renameBranch}, but deleted in ${deleteBranch}.`,
        );
      } else {
        target.stages[otherSourceIndex] = oldinfo.stages[otherSourceIndex] as Version;
        target.filemask |= 1 << otherSourceIndex;
        target.pathnames[otherSourceIndex] = oldpath;
      }
    }
    if (!typeChanged) {
      oldinfo.isNull = true;
      oldinfo.clean = true;
    }
  }
  return cleanMerge;
}

/**
 * Detect renames on both sides and apply them (and directory renames) to the merge's entries.
 * Returns false when a conflict was recorded that has no conflicted path of its own (a
 * directory rename split, a file in the way of a directory rename) or a rename/rename content
 * conflict.
 *
 * @example
 * ```ts
 * const clean = await detectAndProcessRenames(ctx);
 * ```
 */
export async function detectAndProcessRenames(ctx: OrtContext): Promise<boolean> {
  const r = ctx.renames;
  const cached = (r.cachedPairs[1] as GitOrderedMap<string | null>).size + (r.cachedPairs[2] as GitOrderedMap<string | null>).size;
  if (!possibleSideRenames(ctx, 1) && !possibleSideRenames(ctx, 2) && cached === 0) return true;
  let detectionRun = await detectRegularRenames(ctx, 1);
  detectionRun = (await detectRegularRenames(ctx, 2)) || detectionRun;
  if (r.neededLimit) r.redoAfterRenames = 0;
  if (r.redoAfterRenames && detectionRun) {
    // git caches the renames and restarts the merge: most deferred directories then resolve whole
    for (const side of [1, 2] as const) for (const p of r.pairs[side] as FilePair[]) cachePair(ctx, p, side);
    r.redoAfterRenames = 2;
    return true;
  }
  useCachedPairs(ctx, 1);
  useCachedPairs(ctx, 2);

  let clean = true;
  const needDirRenames = !ctx.callDepth && ctx.directoryRenames !== 'false';
  if (needDirRenames) {
    clean = getProvisionalDirectoryRenames(ctx, 1) && clean;
    clean = getProvisionalDirectoryRenames(ctx, 2) && clean;
    handleDirectoryLevelConflicts(ctx);
  }
  const collisions: Array<Map<string, Collision>> = [new Map(), new Map(), new Map()];
  for (const side of [1, 2] as const) {
    collisions[side] = computeCollisions(r.dirRenames[3 - side] as Map<string, string>, r.pairs[side] as FilePair[]);
  }
  const combined: FilePair[] = [];
  clean = collectRenames(ctx, combined, 1, collisions, r.dirRenames[2] as Map<string, string>, r.dirRenames[1] as Map<string, string>) && clean;
  clean = collectRenames(ctx, combined, 2, collisions, r.dirRenames[1] as Map<string, string>, r.dirRenames[2] as Map<string, string>) && clean;
  // STABLE_QSORT by source path (strcmp)
  const sorted = combined
    .map((p, i) => ({ p, i }))
    .sort((a, b) => bytewise((a.p.one as { path: string }).path, (b.p.one as { path: string }).path) || a.i - b.i)
    .map(({ p }) => p);
  clean = (await processRenames(ctx, sorted)) && clean;
  return clean;
}
