/**
 * Line records and the per-file state of relctl's port of git's xdiff (xprepare.c): a file is
 * split into records (lines, the newline included), every distinct line gets a class id shared by
 * both files, and `changed` marks the records the diff found changed.
 *
 * @internal
 */

/** One side of a diff: the records of a byte buffer and the diff state over them. */
export interface XdFile {
  /** The bytes the records point into. */
  data: Uint8Array;
  /** Record `i` spans `data[start[i], end[i])` (the trailing `\n` included when present). */
  start: number[];
  end: number[];
  /** Class id of each record (equal lines, byte for byte, share a class). */
  cls: number[];
  nrec: number;
  /**
   * Changed marks with one guard slot on each side: record `i` is `changed[i + 1]`; slots 0 and
   * `nrec + 1` stay 0 so group walks need no bounds checks.
   */
  changed: Uint8Array;
}

/** Two files classified together. */
export interface XdEnv {
  xdf1: XdFile;
  xdf2: XdFile;
}

/** Splits a buffer into line records like `xdl_hash_record` does (no whitespace flags). */
function splitRecords(data: Uint8Array): { start: number[]; end: number[] } {
  const start: number[] = [];
  const end: number[] = [];
  let pos = 0;
  while (pos < data.length) {
    const nl = data.indexOf(10, pos);
    const stop = nl < 0 ? data.length : nl + 1;
    start.push(pos);
    end.push(stop);
    pos = stop;
  }
  return { start, end };
}

/** Assigns class ids to the records of both buffers (exact byte equality, like `xdl_recmatch` with no flags). */
export function prepareEnv(data1: Uint8Array, data2: Uint8Array): XdEnv {
  const classes = new Map<string, number>();
  const decoder = (data: Uint8Array, s: number, e: number): string => Buffer.from(data.buffer, data.byteOffset + s, e - s).toString('latin1');
  const build = (data: Uint8Array): XdFile => {
    const { start, end } = splitRecords(data);
    const cls = new Array<number>(start.length);
    for (let i = 0; i < start.length; i++) {
      const key = decoder(data, start[i] as number, end[i] as number);
      let id = classes.get(key);
      if (id === undefined) {
        id = classes.size;
        classes.set(key, id);
      }
      cls[i] = id;
    }
    return { data, start, end, cls, nrec: start.length, changed: new Uint8Array(start.length + 2) };
  };
  const xdf1 = build(data1);
  const xdf2 = build(data2);
  return { xdf1, xdf2 };
}

/** The bytes of records `[from, from + count)` of a file. */
export function recordBytes(xdf: XdFile, from: number, count: number): Uint8Array {
  if (count <= 0) return new Uint8Array(0);
  return xdf.data.subarray(xdf.start[from] as number, xdf.end[from + count - 1] as number);
}

/** `xdl_bogosqrt`: the integer square-root approximation xdiff uses for its limits. */
export function bogoSqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}
