/**
 * Port of xdiff's classic (Myers) diff, `xdl_do_diff` without an algorithm flag: trims the common
 * ends, discards lines with no match or too many matches (xprepare.c), then runs the
 * divide-and-conquer O(ND) search with xdiff's cost heuristics (xdiffi.c), so the changed marks
 * are the ones git computes.
 *
 * @internal
 */
import { bogoSqrt, type XdFile } from './xdl-env.js';

const XDL_MAX_COST_MIN = 256;
const XDL_HEUR_MIN_COST = 256;
const XDL_LINE_MAX = Number.MAX_SAFE_INTEGER;
const XDL_SNAKE_CNT = 20;
const XDL_K_HEUR = 4;
const XDL_KPDIS_RUN = 4;
const XDL_MAX_EQLIMIT = 1024;
const XDL_SIMSCAN_WINDOW = 100;

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

interface AlgoEnv {
  mxcost: number;
  snakeCnt: number;
  heurMin: number;
}

function cleanMmatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > XDL_SIMSCAN_WINDOW) s = i - XDL_SIMSCAN_WINDOW;
  if (e - i > XDL_SIMSCAN_WINDOW) e = i + XDL_SIMSCAN_WINDOW;
  let r: number;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (r = 1; i - r >= s; r++) {
    const d = dis[i - r];
    if (!d) rdis0++;
    else if (d === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (r = 1; i + r <= e; r++) {
    const d = dis[i + r];
    if (!d) rdis1++;
    else if (d === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * XDL_KPDIS_RUN < rpdis1 + rdis1;
}

/**
 * Myers split of the box (off1, lim1) × (off2, lim2) over the reduced class arrays.
 * `kvdf`/`kvdb` are indexed with `base` added to the diagonal.
 */
function split(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  kvdf: Float64Array,
  kvdb: Float64Array,
  base: number,
  needMin: boolean,
  spl: Split,
  xenv: AlgoEnv,
): void {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = (fmid - bmid) & 1;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  let d: number;
  let i1: number;
  let i2: number;
  let prev1: number;

  kvdf[base + fmid] = off1;
  kvdb[base + bmid] = lim1;

  for (let ec = 1; ; ec++) {
    let gotSnake = false;

    if (fmin > dmin) kvdf[base + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) kvdf[base + ++fmax + 1] = -1;
    else --fmax;

    for (d = fmax; d >= fmin; d -= 2) {
      if ((kvdf[base + d - 1] as number) >= (kvdf[base + d + 1] as number)) i1 = (kvdf[base + d - 1] as number) + 1;
      else i1 = kvdf[base + d + 1] as number;
      prev1 = i1;
      i2 = i1 - d;
      for (; i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]; i1++, i2++);
      if (i1 - prev1 > xenv.snakeCnt) gotSnake = true;
      kvdf[base + d] = i1;
      if (odd && bmin <= d && d <= bmax && (kvdb[base + d] as number) <= i1) {
        spl.i1 = i1;
        spl.i2 = i2;
        spl.minLo = spl.minHi = true;
        return;
      }
    }

    if (bmin > dmin) kvdb[base + --bmin - 1] = XDL_LINE_MAX;
    else ++bmin;
    if (bmax < dmax) kvdb[base + ++bmax + 1] = XDL_LINE_MAX;
    else --bmax;

    for (d = bmax; d >= bmin; d -= 2) {
      if ((kvdb[base + d - 1] as number) < (kvdb[base + d + 1] as number)) i1 = kvdb[base + d - 1] as number;
      else i1 = (kvdb[base + d + 1] as number) - 1;
      prev1 = i1;
      i2 = i1 - d;
      for (; i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]; i1--, i2--);
      if (prev1 - i1 > xenv.snakeCnt) gotSnake = true;
      kvdb[base + d] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= (kvdf[base + d] as number)) {
        spl.i1 = i1;
        spl.i2 = i2;
        spl.minLo = spl.minHi = true;
        return;
      }
    }

    if (needMin) continue;

    if (gotSnake && ec > xenv.heurMin) {
      let best = 0;
      for (d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        i1 = kvdf[base + d] as number;
        i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (v > XDL_K_HEUR * ec && v > best && off1 + xenv.snakeCnt <= i1 && i1 < lim1 && off2 + xenv.snakeCnt <= i2 && i2 < lim2) {
          for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++)
            if (k === xenv.snakeCnt) {
              best = v;
              spl.i1 = i1;
              spl.i2 = i2;
              break;
            }
        }
      }
      if (best > 0) {
        spl.minLo = true;
        spl.minHi = false;
        return;
      }

      best = 0;
      for (d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        i1 = kvdb[base + d] as number;
        i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (v > XDL_K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - xenv.snakeCnt && off2 < i2 && i2 <= lim2 - xenv.snakeCnt) {
          for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++)
            if (k === xenv.snakeCnt - 1) {
              best = v;
              spl.i1 = i1;
              spl.i2 = i2;
              break;
            }
        }
      }
      if (best > 0) {
        spl.minLo = false;
        spl.minHi = true;
        return;
      }
    }

    if (ec >= xenv.mxcost) {
      let fbest = -1;
      let fbest1 = -1;
      for (d = fmax; d >= fmin; d -= 2) {
        i1 = Math.min(kvdf[base + d] as number, lim1);
        i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      let bbest = XDL_LINE_MAX;
      let bbest1 = XDL_LINE_MAX;
      for (d = bmax; d >= bmin; d -= 2) {
        i1 = Math.max(off1, kvdb[base + d] as number);
        i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if (lim1 + lim2 - bbest < fbest - (off1 + off2)) {
        spl.i1 = fbest1;
        spl.i2 = fbest - fbest1;
        spl.minLo = true;
        spl.minHi = false;
      } else {
        spl.i1 = bbest1;
        spl.i2 = bbest - bbest1;
        spl.minLo = false;
        spl.minHi = true;
      }
      return;
    }
  }
}

interface Reduced {
  ha: Int32Array;
  rindex: Int32Array;
  changed: Uint8Array;
}

function recsCmp(
  r1: Reduced,
  off1: number,
  lim1: number,
  r2: Reduced,
  off2: number,
  lim2: number,
  kvdf: Float64Array,
  kvdb: Float64Array,
  base: number,
  needMin: boolean,
  xenv: AlgoEnv,
): void {
  const ha1 = r1.ha;
  const ha2 = r2.ha;
  for (; off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]; off1++, off2++);
  for (; off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]; lim1--, lim2--);

  if (off1 === lim1) {
    for (; off2 < lim2; off2++) r2.changed[(r2.rindex[off2] as number) + 1] = 1;
  } else if (off2 === lim2) {
    for (; off1 < lim1; off1++) r1.changed[(r1.rindex[off1] as number) + 1] = 1;
  } else {
    const spl: Split = { i1: 0, i2: 0, minLo: false, minHi: false };
    split(ha1, off1, lim1, ha2, off2, lim2, kvdf, kvdb, base, needMin, spl, xenv);
    const { i1, i2, minLo, minHi } = spl;
    recsCmp(r1, off1, i1, r2, off2, i2, kvdf, kvdb, base, minLo, xenv);
    recsCmp(r1, i1, lim1, r2, i2, lim2, kvdf, kvdb, base, minHi, xenv);
  }
}

/**
 * Runs git's classic diff on records `[from1, from1 + count1)` of `xdf1` against
 * `[from2, from2 + count2)` of `xdf2`, exactly as `xdl_do_diff` would on those ranges taken as
 * whole files, and writes the changed marks into both files.
 */
export function classicDiff(xdf1: XdFile, from1: number, count1: number, xdf2: XdFile, from2: number, count2: number): void {
  const c1 = xdf1.cls.slice(from1, from1 + count1);
  const c2 = xdf2.cls.slice(from2, from2 + count2);
  const n1 = count1;
  const n2 = count2;
  const changed1 = new Uint8Array(n1 + 2);
  const changed2 = new Uint8Array(n2 + 2);

  // xdl_trim_ends
  let i = 0;
  let lim = Math.min(n1, n2);
  for (; i < lim; i++) if (c1[i] !== c2[i]) break;
  const dstart = i;
  lim -= i;
  for (i = 0; i < lim; i++) if (c1[n1 - 1 - i] !== c2[n2 - 1 - i]) break;
  const dend1 = n1 - i - 1;
  const dend2 = n2 - i - 1;

  // xdl_cleanup_records: occurrence counts over the whole (sub)files
  const count1Of = new Map<number, number>();
  const count2Of = new Map<number, number>();
  for (const c of c1) count1Of.set(c, (count1Of.get(c) ?? 0) + 1);
  for (const c of c2) count2Of.set(c, (count2Of.get(c) ?? 0) + 1);
  const dis1 = new Uint8Array(n1 + 1);
  const dis2 = new Uint8Array(n2 + 1);
  let mlim = Math.min(bogoSqrt(n1), XDL_MAX_EQLIMIT);
  for (i = dstart; i <= dend1; i++) {
    const nm = count2Of.get(c1[i] as number) ?? 0;
    dis1[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  mlim = Math.min(bogoSqrt(n2), XDL_MAX_EQLIMIT);
  for (i = dstart; i <= dend2; i++) {
    const nm = count1Of.get(c2[i] as number) ?? 0;
    dis2[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  const reduce = (c: number[], dis: Uint8Array, dend: number, changed: Uint8Array): Reduced => {
    const rindex: number[] = [];
    const ha: number[] = [];
    for (let k = dstart; k <= dend; k++) {
      if (dis[k] === 1 || (dis[k] === 2 && !cleanMmatch(dis, k, dstart, dend))) {
        rindex.push(k);
        ha.push(c[k] as number);
      } else changed[k + 1] = 1;
    }
    return { ha: Int32Array.from(ha), rindex: Int32Array.from(rindex), changed };
  };
  const r1 = reduce(c1, dis1, dend1, changed1);
  const r2 = reduce(c2, dis2, dend2, changed2);

  const nreff1 = r1.ha.length;
  const nreff2 = r2.ha.length;
  const ndiags = nreff1 + nreff2 + 3;
  const kvdf = new Float64Array(ndiags + 1);
  const kvdb = new Float64Array(ndiags + 1);
  const base = nreff2 + 1;
  const xenv: AlgoEnv = {
    mxcost: Math.max(bogoSqrt(ndiags), XDL_MAX_COST_MIN),
    snakeCnt: XDL_SNAKE_CNT,
    heurMin: XDL_HEUR_MIN_COST,
  };
  recsCmp(r1, 0, nreff1, r2, 0, nreff2, kvdf, kvdb, base, false, xenv);

  xdf1.changed.set(changed1.subarray(1, n1 + 1), from1 + 1);
  xdf2.changed.set(changed2.subarray(1, n2 + 1), from2 + 1);
}
