/**
 * Port of xdiff's three-way merge (xmerge.c) at git's default level `XDL_MERGE_ZEALOUS` and
 * style "merge": diff base→ours and base→theirs, pair up the changes, refine each conflict by
 * diffing the two sides against each other, and fold conflicts separated by three lines or fewer.
 *
 * @internal
 */
import { recordBytes, type XdEnv, type XdFile } from './xdl-env.js';
import { diffScript, type DiffAlgorithm, type XdChange } from './xdl-script.js';

/** Options of {@link xdlMerge}. */
export interface XdlMergeOptions {
  base: Uint8Array;
  ours: Uint8Array;
  theirs: Uint8Array;
  /** Label after `<<<<<<<` (none when undefined). */
  oursLabel?: string;
  /** Label after `>>>>>>>` (none when undefined). */
  theirsLabel?: string;
  /** Marker length; default 7. */
  markerSize?: number;
  algorithm?: DiffAlgorithm;
}

/** Result of {@link xdlMerge}. */
export interface XdlMergeResult {
  /** Number of conflict hunks (0: clean). */
  conflicts: number;
  content: Uint8Array;
}

interface MergeHunk {
  /** 0 conflict, 1 take ours, 2 take theirs, 4 identical after refinement. */
  mode: number;
  i0: number;
  chg0: number;
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

function appendMerge(list: MergeHunk[], mode: number, i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number): void {
  const m = list[list.length - 1];
  if (m && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
    if (mode !== m.mode) m.mode = 0;
    m.chg0 = i0 + chg0 - m.i0;
    m.chg1 = i1 + chg1 - m.i1;
    m.chg2 = i2 + chg2 - m.i2;
  } else {
    list.push({ mode, i0, chg0, i1, chg1, i2, chg2 });
  }
}

function sameLines(a: XdFile, i1: number, b: XdFile, i2: number, count: number): boolean {
  for (let i = 0; i < count; i++) {
    const s1 = a.start[i1 + i] as number;
    const e1 = a.end[i1 + i] as number;
    const s2 = b.start[i2 + i] as number;
    const e2 = b.end[i2 + i] as number;
    if (e1 - s1 !== e2 - s2) return false;
    for (let k = 0; k < e1 - s1; k++) if (a.data[s1 + k] !== b.data[s2 + k]) return false;
  }
  return true;
}

/** Byte sink. */
class Out {
  private readonly parts: Uint8Array[] = [];
  push(bytes: Uint8Array): void {
    if (bytes.length) this.parts.push(bytes);
  }
  text(s: string): void {
    this.parts.push(Buffer.from(s, 'utf8'));
  }
  result(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

function recsCopy(out: Out, xdf: XdFile, i: number, count: number, needsCr: boolean, addNl: boolean): void {
  if (count < 1) return;
  out.push(recordBytes(xdf, i, count));
  if (addNl) {
    const s = xdf.start[i + count - 1] as number;
    const e = xdf.end[i + count - 1] as number;
    if (e === s || xdf.data[e - 1] !== 10) out.text(needsCr ? '\r\n' : '\n');
  }
}

/** 1 CRLF, 0 LF, -1 unknown (`is_eol_crlf`). */
function isEolCrlf(xdf: XdFile, i: number): number {
  const size = (k: number): number => (xdf.end[k] as number) - (xdf.start[k] as number);
  const at = (k: number, back: number): number => xdf.data[(xdf.end[k] as number) - back] as number;
  if (i < xdf.nrec - 1) return size(i) > 1 && at(i, 2) === 13 ? 1 : 0;
  if (!xdf.nrec) return -1;
  if (size(i) && at(i, 1) === 10) return size(i) > 1 && at(i, 2) === 13 ? 1 : 0;
  if (!i) return -1;
  return size(i - 1) > 1 && at(i - 1, 2) === 13 ? 1 : 0;
}

function isCrNeeded(xe1: XdEnv, xe2: XdEnv, m: MergeHunk): boolean {
  let needsCr = isEolCrlf(xe1.xdf2, m.i1 ? m.i1 - 1 : 0);
  if (needsCr) needsCr = isEolCrlf(xe2.xdf2, m.i2 ? m.i2 - 1 : 0);
  if (needsCr) needsCr = isEolCrlf(xe1.xdf1, 0);
  return needsCr < 0 ? false : needsCr === 1;
}

function refineConflicts(xe1: XdEnv, xe2: XdEnv, list: MergeHunk[], algorithm: DiffAlgorithm): MergeHunk[] {
  const out: MergeHunk[] = [];
  for (const m of list) {
    if (m.mode || m.chg1 === 0 || m.chg2 === 0) {
      out.push(m);
      continue;
    }
    const t1 = recordBytes(xe1.xdf2, m.i1, m.chg1);
    const t2 = recordBytes(xe2.xdf2, m.i2, m.chg2);
    const { script } = diffScript(t1, t2, algorithm);
    const first = script[0];
    if (!first) {
      m.mode = 4;
      out.push(m);
      continue;
    }
    const i1 = m.i1;
    const i2 = m.i2;
    for (const x of script) {
      out.push({ mode: 0, i0: m.i0, chg0: m.chg0, i1: x.i1 + i1, chg1: x.chg1, i2: x.i2 + i2, chg2: x.chg2 });
    }
  }
  return out;
}

function simplifyNonConflicts(list: MergeHunk[]): MergeHunk[] {
  const out: MergeHunk[] = [];
  for (const next of list) {
    const m = out[out.length - 1];
    if (m) {
      const begin = m.i1 + m.chg1;
      const end = next.i1;
      if (m.mode === 0 && next.mode === 0 && !(end - begin > 3)) {
        m.chg1 = next.i1 + next.chg1 - m.i1;
        m.chg2 = next.i2 + next.chg2 - m.i2;
        continue;
      }
    }
    out.push(next);
  }
  return out;
}

function doMerge(
  xe1: XdEnv,
  xscr1: XdChange[],
  xe2: XdEnv,
  xscr2: XdChange[],
  options: Required<Pick<XdlMergeOptions, 'markerSize' | 'algorithm'>> & XdlMergeOptions,
): XdlMergeResult {
  let changes: MergeHunk[] = [];
  let p1 = 0;
  let p2 = 0;
  while (p1 < xscr1.length && p2 < xscr2.length) {
    const s1 = xscr1[p1] as XdChange;
    const s2 = xscr2[p2] as XdChange;
    if (s1.i1 + s1.chg1 < s2.i1) {
      appendMerge(changes, 1, s1.i1, s1.chg1, s1.i2, s1.chg2, s2.i2 - s2.i1 + s1.i1, s1.chg1);
      p1++;
      continue;
    }
    if (s2.i1 + s2.chg1 < s1.i1) {
      appendMerge(changes, 2, s2.i1, s2.chg1, s1.i2 - s1.i1 + s2.i1, s2.chg1, s2.i2, s2.chg2);
      p2++;
      continue;
    }
    if (s1.i1 !== s2.i1 || s1.chg1 !== s2.chg1 || s1.chg2 !== s2.chg2 || !sameLines(xe1.xdf2, s1.i2, xe2.xdf2, s2.i2, s1.chg2)) {
      const off = s1.i1 - s2.i1;
      const ffo = off + s1.chg1 - s2.chg1;
      let i0 = s1.i1;
      let i1 = s1.i2;
      let i2 = s2.i2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else i2 += off;
      let chg0 = s1.i1 + s1.chg1 - i0;
      let chg1 = s1.i2 + s1.chg2 - i1;
      let chg2 = s2.i2 + s2.chg2 - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else chg2 += ffo;
      appendMerge(changes, 0, i0, chg0, i1, chg1, i2, chg2);
    }
    const e1 = s1.i1 + s1.chg1;
    const e2 = s2.i1 + s2.chg1;
    if (e1 >= e2) p2++;
    if (e2 >= e1) p1++;
  }
  for (; p1 < xscr1.length; p1++) {
    const s1 = xscr1[p1] as XdChange;
    appendMerge(changes, 1, s1.i1, s1.chg1, s1.i2, s1.chg2, s1.i1 + xe2.xdf2.nrec - xe2.xdf1.nrec, s1.chg1);
  }
  for (; p2 < xscr2.length; p2++) {
    const s2 = xscr2[p2] as XdChange;
    appendMerge(changes, 2, s2.i1, s2.chg1, s2.i1 + xe1.xdf2.nrec - xe1.xdf1.nrec, s2.chg1, s2.i2, s2.chg2);
  }

  changes = refineConflicts(xe1, xe2, changes, options.algorithm);
  changes = simplifyNonConflicts(changes);

  const out = new Out();
  const markerSize = options.markerSize;
  let i = 0;
  let conflicts = 0;
  for (const m of changes) {
    if (m.mode === 0) {
      conflicts++;
      const needsCr = isCrNeeded(xe1, xe2, m);
      const eol = needsCr ? '\r\n' : '\n';
      recsCopy(out, xe1.xdf2, i, m.i1 - i, false, false);
      out.text('<'.repeat(markerSize) + (options.oursLabel !== undefined ? ` ${options.oursLabel}` : '') + eol);
      recsCopy(out, xe1.xdf2, m.i1, m.chg1, needsCr, true);
      out.text('='.repeat(markerSize) + eol);
      recsCopy(out, xe2.xdf2, m.i2, m.chg2, needsCr, true);
      out.text('>'.repeat(markerSize) + (options.theirsLabel !== undefined ? ` ${options.theirsLabel}` : '') + eol);
    } else if (m.mode & 3) {
      recsCopy(out, xe1.xdf2, i, m.i1 - i, false, false);
      if (m.mode & 1) recsCopy(out, xe1.xdf2, m.i1, m.chg1, isCrNeeded(xe1, xe2, m), (m.mode & 2) !== 0);
      if (m.mode & 2) recsCopy(out, xe2.xdf2, m.i2, m.chg2, false, false);
    } else continue;
    i = m.i1 + m.chg1;
  }
  recsCopy(out, xe1.xdf2, i, xe1.xdf2.nrec - i, false, false);
  return { conflicts, content: out.result() };
}

/**
 * `xdl_merge` with git's settings (level zealous, style merge, no favor): returns the merged
 * bytes, with conflict markers around the hunks both sides changed differently.
 */
export function xdlMerge(options: XdlMergeOptions): XdlMergeResult {
  const algorithm = options.algorithm ?? 'histogram';
  const markerSize = options.markerSize && options.markerSize > 0 ? options.markerSize : 7;
  const { env: xe1, script: xscr1 } = diffScript(options.base, options.ours, algorithm);
  const { env: xe2, script: xscr2 } = diffScript(options.base, options.theirs, algorithm);
  if (xscr1.length === 0) return { conflicts: 0, content: options.theirs };
  if (xscr2.length === 0) return { conflicts: 0, content: options.ours };
  return doMerge(xe1, xscr1, xe2, xscr2, { ...options, algorithm, markerSize });
}
