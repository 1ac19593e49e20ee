/**
 * Port of `xdl_change_compact` (slide change groups, without the indent heuristic, which merges do
 * not use) and `xdl_build_script` from xdiff (xdiffi.c), plus `xdl_do_diff` with an algorithm
 * choice.
 *
 * @internal
 */
import { prepareEnv, type XdEnv, type XdFile } from './xdl-env.js';
import { histogramDiff } from './xdl-histogram.js';
import { classicDiff } from './xdl-myers.js';

/** A change: `chg1` records at `i1` of file 1 replaced by `chg2` records at `i2` of file 2. */
export interface XdChange {
  i1: number;
  i2: number;
  chg1: number;
  chg2: number;
}

/** Diff algorithm: git's merge-ort uses `histogram`; `git merge-file` (2.39) uses `myers`. */
export type DiffAlgorithm = 'histogram' | 'myers';

interface Group {
  start: number;
  end: number;
}

// `changed` is offset by one: record i is changed[i + 1].
const isChanged = (xdf: XdFile, i: number): boolean => xdf.changed[i + 1] === 1;

function groupInit(xdf: XdFile, g: Group): void {
  g.start = g.end = 0;
  while (isChanged(xdf, g.end)) g.end++;
}

function groupNext(xdf: XdFile, g: Group): boolean {
  if (g.end === xdf.nrec) return false;
  g.start = g.end + 1;
  for (g.end = g.start; isChanged(xdf, g.end); g.end++);
  return true;
}

function groupPrevious(xdf: XdFile, g: Group): boolean {
  if (g.start === 0) return false;
  g.end = g.start - 1;
  for (g.start = g.end; isChanged(xdf, g.start - 1); g.start--);
  return true;
}

function groupSlideDown(xdf: XdFile, g: Group): boolean {
  if (g.end < xdf.nrec && xdf.cls[g.start] === xdf.cls[g.end]) {
    xdf.changed[g.start++ + 1] = 0;
    xdf.changed[g.end++ + 1] = 1;
    while (isChanged(xdf, g.end)) g.end++;
    return true;
  }
  return false;
}

function groupSlideUp(xdf: XdFile, g: Group): boolean {
  if (g.start > 0 && xdf.cls[g.start - 1] === xdf.cls[g.end - 1]) {
    xdf.changed[--g.start + 1] = 1;
    xdf.changed[--g.end + 1] = 0;
    while (isChanged(xdf, g.start - 1)) g.start--;
    return true;
  }
  return false;
}

function bug(what: string): never {
  throw new Error(`xdiff port: ${what}`);
}

/** `xdl_change_compact(xdf, xdfo, 0)`. */
export function changeCompact(xdf: XdFile, xdfo: XdFile): void {
  const g: Group = { start: 0, end: 0 };
  const go: Group = { start: 0, end: 0 };
  groupInit(xdf, g);
  groupInit(xdfo, go);
  for (;;) {
    if (g.end !== g.start) {
      let groupsize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupsize = g.end - g.start;
        endMatchingOther = -1;
        while (groupSlideUp(xdf, g)) if (!groupPrevious(xdfo, go)) bug('group sync broken sliding up');
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        for (;;) {
          if (!groupSlideDown(xdf, g)) break;
          if (!groupNext(xdfo, go)) bug('group sync broken sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupsize !== g.end - g.start);

      if (g.end === earliestEnd) {
        // no shifting was possible
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!groupSlideUp(xdf, g)) bug('match disappeared');
          if (!groupPrevious(xdfo, go)) bug('group sync broken sliding to match');
        }
      }
    }
    if (!groupNext(xdf, g)) break;
    if (!groupNext(xdfo, go)) bug('group sync broken moving to next group');
  }
  if (groupNext(xdfo, go)) bug('group sync broken at end of file');
}

/** `xdl_build_script`: the changes in ascending order. */
export function buildScript(xe: XdEnv): XdChange[] {
  const c1 = xe.xdf1.changed;
  const c2 = xe.xdf2.changed;
  const script: XdChange[] = [];
  for (let i1 = xe.xdf1.nrec, i2 = xe.xdf2.nrec; i1 >= 0 || i2 >= 0; i1--, i2--) {
    // changed[i] is record i - 1
    if (c1[i1] || c2[i2]) {
      const l1 = i1;
      const l2 = i2;
      for (; c1[i1]; i1--);
      for (; c2[i2]; i2--);
      script.push({ i1, i2, chg1: l1 - i1, chg2: l2 - i2 });
    }
  }
  return script.reverse();
}

/** `xdl_do_diff` + both `xdl_change_compact` calls + `xdl_build_script`. */
export function diffScript(data1: Uint8Array, data2: Uint8Array, algorithm: DiffAlgorithm): { env: XdEnv; script: XdChange[] } {
  const env = prepareEnv(data1, data2);
  if (algorithm === 'histogram') histogramDiff(env.xdf1, env.xdf2);
  else classicDiff(env.xdf1, 0, env.xdf1.nrec, env.xdf2, 0, env.xdf2.nrec);
  changeCompact(env.xdf1, env.xdf2);
  changeCompact(env.xdf2, env.xdf1);
  return { env, script: buildScript(env) };
}
