/**
 * Port of xdiff's histogram diff (xhistogram.c), the algorithm git's merge-ort uses for content
 * merges: pick the longest common region built around the least frequent common line, recurse on
 * both sides of it, and fall back to the classic diff when every common line is too frequent.
 * Line numbers are 1-based as in the original.
 *
 * @internal
 */
import type { XdFile } from './xdl-env.js';
import { classicDiff } from './xdl-myers.js';

const MAX_CHAIN_LENGTH = 64;

interface HistRecord {
  ptr: number;
  cnt: number;
}

interface Region {
  begin1: number;
  end1: number;
  begin2: number;
  end2: number;
}

interface HistIndex {
  records: Map<number, HistRecord>;
  lineMap: Array<HistRecord | undefined>;
  nextPtrs: Int32Array;
  ptrShift: number;
  cnt: number;
  hasCommon: boolean;
}

function findLcs(a: XdFile, b: XdFile, lcs: Region, line1: number, count1: number, line2: number, count2: number): number {
  const index: HistIndex = {
    records: new Map(),
    lineMap: new Array<HistRecord | undefined>(count1),
    nextPtrs: new Int32Array(count1),
    ptrShift: line1,
    cnt: 0,
    hasCommon: false,
  };
  const ca = a.cls;
  const cb = b.cls;
  const end1 = line1 + count1 - 1;
  const end2 = line2 + count2 - 1;

  // scanA
  for (let ptr = end1; line1 <= ptr; ptr--) {
    const cls = ca[ptr - 1] as number;
    const rec = index.records.get(cls);
    if (rec) {
      index.nextPtrs[ptr - index.ptrShift] = rec.ptr;
      rec.ptr = ptr;
      rec.cnt = rec.cnt + 1;
      index.lineMap[ptr - index.ptrShift] = rec;
    } else {
      const fresh = { ptr, cnt: 1 };
      index.records.set(cls, fresh);
      index.lineMap[ptr - index.ptrShift] = fresh;
    }
  }

  index.cnt = MAX_CHAIN_LENGTH + 1;

  for (let bPtr = line2; bPtr <= end2;) {
    // try_lcs
    let bNext = bPtr + 1;
    const rec = index.records.get(cb[bPtr - 1] as number);
    if (rec) {
      if (rec.cnt > index.cnt) {
        index.hasCommon = true;
      } else {
        let as = rec.ptr;
        index.hasCommon = true;
        for (;;) {
          let np = index.nextPtrs[as - index.ptrShift] as number;
          let bs = bPtr;
          let ae = as;
          let be = bs;
          let rc = rec.cnt;
          while (line1 < as && line2 < bs && ca[as - 2] === cb[bs - 2]) {
            as--;
            bs--;
            if (1 < rc) rc = Math.min(rc, (index.lineMap[as - index.ptrShift] as HistRecord).cnt);
          }
          while (ae < end1 && be < end2 && ca[ae] === cb[be]) {
            ae++;
            be++;
            if (1 < rc) rc = Math.min(rc, (index.lineMap[ae - index.ptrShift] as HistRecord).cnt);
          }
          if (bNext <= be) bNext = be + 1;
          if (lcs.end1 - lcs.begin1 < ae - as || rc < index.cnt) {
            lcs.begin1 = as;
            lcs.begin2 = bs;
            lcs.end1 = ae;
            lcs.end2 = be;
            index.cnt = rc;
          }
          if (np === 0) break;
          let stop = false;
          while (np <= ae) {
            np = index.nextPtrs[np - index.ptrShift] as number;
            if (np === 0) {
              stop = true;
              break;
            }
          }
          if (stop) break;
          as = np;
        }
      }
    }
    bPtr = bNext;
  }

  return index.hasCommon && MAX_CHAIN_LENGTH < index.cnt ? 1 : 0;
}

function histogram(a: XdFile, b: XdFile, line1: number, count1: number, line2: number, count2: number): void {
  for (;;) {
    if (count1 <= 0 && count2 <= 0) return;
    if (!count1) {
      while (count2--) b.changed[line2++] = 1;
      return;
    } else if (!count2) {
      while (count1--) a.changed[line1++] = 1;
      return;
    }
    const lcs: Region = { begin1: 0, end1: 0, begin2: 0, end2: 0 };
    const found = findLcs(a, b, lcs, line1, count1, line2, count2);
    if (found) {
      classicDiff(a, line1 - 1, count1, b, line2 - 1, count2);
      return;
    }
    if (lcs.begin1 === 0 && lcs.begin2 === 0) {
      while (count1--) a.changed[line1++] = 1;
      while (count2--) b.changed[line2++] = 1;
      return;
    }
    histogram(a, b, line1, lcs.begin1 - line1, line2, lcs.begin2 - line2);
    const end1 = line1 + count1 - 1;
    const end2 = line2 + count2 - 1;
    count1 = end1 - lcs.end1;
    line1 = lcs.end1 + 1;
    count2 = end2 - lcs.end2;
    line2 = lcs.end2 + 1;
  }
}

/** `xdl_do_histogram_diff` over two whole files: writes the changed marks of both. */
export function histogramDiff(a: XdFile, b: XdFile): void {
  histogram(a, b, 1, a.nrec, 1, b.nrec);
}
