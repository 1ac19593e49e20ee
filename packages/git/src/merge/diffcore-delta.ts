/**
 * Port of git's diffcore-delta.c: the "span hash" fingerprint of a blob that rename detection
 * compares to estimate how much of one file was copied into another.
 *
 * A blob is cut into spans that end at a newline or after 64 bytes; each span is hashed
 * (two rolling 32-bit accumulators, reduced modulo a prime near 2^17) and the fingerprint counts
 * bytes per hash value. For text, the CR of a CRLF is skipped, so line-ending changes do not
 * make files dissimilar.
 *
 * @internal
 */

const HASHBASE = 107927;

/** Bytes per span hash, sorted by hash value: `hashes[i]` occurs in `counts[i]` bytes. */
export interface SpanHash {
  hashes: Uint32Array;
  counts: Uint32Array;
}

/**
 * The span-hash fingerprint of a blob (`hash_chars`).
 *
 * @example
 * ```ts
 * const fingerprint = spanHash(content, isBinary(content));
 * ```
 */
export function spanHash(buf: Uint8Array, binary: boolean): SpanHash {
  const counts = new Map<number, number>();
  let n = 0;
  let accum1 = 0;
  let accum2 = 0;
  const size = buf.length;
  for (let i = 0; i < size; i++) {
    const c = buf[i] as number;
    const old1 = accum1;
    // Ignore CR in a CRLF sequence if text.
    if (!binary && c === 13 && i + 1 < size && buf[i + 1] === 10) continue;
    accum1 = ((accum1 << 7) ^ (accum2 >>> 25)) >>> 0;
    accum2 = ((accum2 << 7) ^ (old1 >>> 25)) >>> 0;
    accum1 = (accum1 + c) >>> 0;
    if (++n < 64 && c !== 10) continue;
    const hashval = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % HASHBASE;
    counts.set(hashval, (counts.get(hashval) ?? 0) + n);
    n = 0;
    accum1 = 0;
    accum2 = 0;
  }
  const keys = Uint32Array.from(counts.keys()).sort();
  const values = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = counts.get(keys[i] as number) as number;
  return { hashes: keys, counts: values };
}

/**
 * How many bytes of `src` reappear in `dst` (`diffcore_count_changes`' `src_copied`).
 *
 * @example
 * ```ts
 * const copied = countCopied(spanHash(a, false), spanHash(b, false));
 * ```
 */
export function countCopied(src: SpanHash, dst: SpanHash): number {
  const sh = src.hashes;
  const sc = src.counts;
  const dh = dst.hashes;
  const dc = dst.counts;
  let copied = 0;
  let d = 0;
  for (let s = 0; s < sh.length; s++) {
    const hash = sh[s] as number;
    while (d < dh.length && (dh[d] as number) < hash) d++;
    const srcCnt = sc[s] as number;
    let dstCnt = 0;
    if (d < dh.length && dh[d] === hash) dstCnt = dc[d++] as number;
    copied += srcCnt < dstCnt ? srcCnt : dstCnt;
  }
  return copied;
}
