/**
 * A small, allocation-light zlib (RFC 1950/1951) decoder for the many tiny objects of a pack
 * (commits, small trees): node's `zlib.inflateSync` builds a stream object per call, which costs
 * more than decoding a 300-byte commit. The output size is known from the pack entry, so the
 * output is allocated once. Any inconsistency throws; callers then fall back to `node:zlib`,
 * which also reports real corruption. The adler32 trailer is not checked (packs carry their own
 * checksums and the size is checked).
 */

const FAST_BITS = 9;
const FAST_MASK = (1 << FAST_BITS) - 1;
/** REVERSED[x] = the FAST_BITS low bits of x in reverse order (Huffman codes are sent MSB first). */
const REVERSED = new Uint16Array(1 << FAST_BITS);
for (let x = 0; x < 1 << FAST_BITS; x += 1) {
  let r = 0;
  for (let bit = 0; bit < FAST_BITS; bit += 1) r |= ((x >> bit) & 1) << (FAST_BITS - 1 - bit);
  REVERSED[x] = r;
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: a direct table for codes up to FAST_BITS, counting for longer. */
class Huffman {
  readonly counts = new Uint16Array(16);
  readonly symbols: Uint16Array;
  /** (symbol << 4) | length, or 0 when the code is longer than FAST_BITS. */
  readonly fast = new Int32Array(1 << FAST_BITS);

  constructor(size: number) {
    this.symbols = new Uint16Array(size);
  }

  build(lengths: Uint8Array, count: number): void {
    const { counts, symbols, fast } = this;
    counts.fill(0);
    for (let i = 0; i < count; i += 1) counts[lengths[i] as number] = (counts[lengths[i] as number] as number) + 1;
    counts[0] = 0;
    let left = 1;
    for (let len = 1; len < 16; len += 1) {
      left = (left << 1) - (counts[len] as number);
      if (left < 0) throw new Error('over-subscribed code');
    }
    const offsets = OFFSETS;
    offsets[1] = 0;
    for (let len = 1; len < 15; len += 1) offsets[len + 1] = (offsets[len] as number) + (counts[len] as number);
    for (let i = 0; i < count; i += 1) {
      const len = lengths[i] as number;
      if (len !== 0) symbols[(offsets[len] as number)++] = i;
    }
    fast.fill(0);
    let code = 0;
    let index = 0;
    for (let len = 1; len <= FAST_BITS; len += 1) {
      for (let n = counts[len] as number; n > 0; n -= 1) {
        const reversed = (REVERSED[code] as number) >> (FAST_BITS - len);
        const entry = ((symbols[index] as number) << 4) | len;
        for (let fill = reversed; fill <= FAST_MASK; fill += 1 << len) fast[fill] = entry;
        code += 1;
        index += 1;
      }
      code <<= 1;
    }
  }
}

const OFFSETS = new Uint16Array(16);
const FIXED_LITERALS = new Huffman(288);
// Scratch tables of dynamic blocks, reused: decoding is synchronous.
const DYNAMIC_LITERALS = new Huffman(288);
const DYNAMIC_DISTANCES = new Huffman(30);
const LENGTH_CODE = new Huffman(19);
const LENGTHS = new Uint8Array(286 + 30);
const CODE_LENGTHS = new Uint8Array(19);
const FIXED_DISTANCES = new Huffman(30);
{
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  FIXED_LITERALS.build(lengths, 288);
  FIXED_DISTANCES.build(new Uint8Array(30).fill(5), 30);
}

/** Options of {@link inflateSmall}. */
export interface InflateSmallOptions {
  /** Bytes holding a zlib stream at `start` (anything after the stream is ignored). */
  input: Uint8Array;
  start: number;
  /** The exact size of the inflated data. */
  size: number;
}

/**
 * Inflate one zlib stream whose inflated size is known. Throws on anything unexpected (callers
 * fall back to `node:zlib`).
 *
 * @example
 * ```ts
 * const data = inflateSmall({ input: packBytes, start: dataOffset, size: objectSize });
 * ```
 */
export function inflateSmall(options: InflateSmallOptions): Buffer {
  return new Inflater(options.input, options.start, options.size).run();
}

class Inflater {
  private bits = 0;
  private count = 0;
  private written = 0;
  private readonly out: Buffer;

  constructor(
    private readonly input: Uint8Array,
    private pos: number,
    private readonly size: number,
  ) {
    this.out = Buffer.allocUnsafe(size);
  }

  run(): Buffer {
    const cmf = this.input[this.pos] as number;
    const flg = this.input[this.pos + 1] as number;
    if ((cmf & 15) !== 8 || ((cmf << 8) | flg) % 31 !== 0 || (flg & 32) !== 0) throw new Error('not a zlib stream');
    this.pos += 2;
    let last = 0;
    while (last === 0) {
      last = this.take(1);
      const type = this.take(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED_LITERALS, FIXED_DISTANCES);
      else if (type === 2) this.codes(...this.dynamic());
      else throw new Error('invalid block type');
    }
    if (this.written !== this.size) throw new Error('size mismatch');
    return this.out;
  }

  private need(n: number): void {
    while (this.count < n) {
      if (this.pos >= this.input.length) throw new Error('unexpected end of input');
      this.bits |= (this.input[this.pos++] as number) << this.count;
      this.count += 8;
    }
  }

  private take(n: number): number {
    this.need(n);
    const value = this.bits & ((1 << n) - 1);
    this.bits >>>= n;
    this.count -= n;
    return value;
  }

  private stored(): void {
    // Skip to the byte boundary, and give back whole bytes that were only peeked at.
    this.pos -= (this.count - (this.count & 7)) >> 3;
    this.bits = 0;
    this.count = 0;
    const { input } = this;
    if (this.pos + 4 > input.length) throw new Error('unexpected end of input');
    const length = (input[this.pos] as number) | ((input[this.pos + 1] as number) << 8);
    const check = (input[this.pos + 2] as number) | ((input[this.pos + 3] as number) << 8);
    if ((length ^ 0xffff) !== check) throw new Error('bad stored block');
    this.pos += 4;
    if (this.pos + length > input.length || this.written + length > this.size) throw new Error('stored block too long');
    this.out.set(input.subarray(this.pos, this.pos + length), this.written);
    this.pos += length;
    this.written += length;
  }

  private decode(code: Huffman): number {
    // Peek up to 15 bits without failing near the end of the input.
    while (this.count < 15 && this.pos < this.input.length) {
      this.bits |= (this.input[this.pos++] as number) << this.count;
      this.count += 8;
    }
    const entry = code.fast[this.bits & FAST_MASK] as number;
    if (entry !== 0) {
      const len = entry & 15;
      if (len > this.count) throw new Error('unexpected end of input');
      this.bits >>>= len;
      this.count -= len;
      return entry >> 4;
    }
    // Longer code: canonical decoding, one bit at a time.
    let value = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len += 1) {
      if (len > this.count) throw new Error('unexpected end of input');
      value |= (this.bits >>> (len - 1)) & 1;
      const n = code.counts[len] as number;
      if (value - n < first) {
        this.bits >>>= len;
        this.count -= len;
        return code.symbols[index + (value - first)] as number;
      }
      index += n;
      first += n;
      first <<= 1;
      value <<= 1;
    }
    throw new Error('invalid code');
  }

  private dynamic(): [Huffman, Huffman] {
    const literalCount = this.take(5) + 257;
    const distanceCount = this.take(5) + 1;
    const codeCount = this.take(4) + 4;
    if (literalCount > 286 || distanceCount > 30) throw new Error('bad counts');
    const lengths = LENGTHS;
    const codeLengths = CODE_LENGTHS.fill(0);
    for (let i = 0; i < codeCount; i += 1) codeLengths[CODE_LENGTH_ORDER[i] as number] = this.take(3);
    const lengthCode = LENGTH_CODE;
    lengthCode.build(codeLengths, 19);
    for (let i = 0; i < literalCount + distanceCount; ) {
      const symbol = this.decode(lengthCode);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (i === 0) throw new Error('repeat with no previous length');
        value = lengths[i - 1] as number;
        repeat = 3 + this.take(2);
      } else if (symbol === 17) {
        repeat = 3 + this.take(3);
      } else {
        repeat = 11 + this.take(7);
      }
      if (i + repeat > literalCount + distanceCount) throw new Error('too many lengths');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw new Error('no end-of-block code');
    const literals = DYNAMIC_LITERALS;
    const distances = DYNAMIC_DISTANCES;
    literals.build(lengths.subarray(0, literalCount), literalCount);
    distances.build(lengths.subarray(literalCount), distanceCount);
    return [literals, distances];
  }

  private codes(literals: Huffman, distances: Huffman): void {
    const { out, size } = this;
    for (;;) {
      const symbol = this.decode(literals);
      if (symbol < 256) {
        if (this.written >= size) throw new Error('output too long');
        out[this.written++] = symbol;
      } else if (symbol === 256) {
        return;
      } else {
        const lengthIndex = symbol - 257;
        if (lengthIndex >= 29) throw new Error('bad length symbol');
        const length = (LENGTH_BASE[lengthIndex] as number) + this.take(LENGTH_EXTRA[lengthIndex] as number);
        const distanceSymbol = this.decode(distances);
        if (distanceSymbol >= 30) throw new Error('bad distance symbol');
        const distance = (DIST_BASE[distanceSymbol] as number) + this.take(DIST_EXTRA[distanceSymbol] as number);
        if (distance > this.written || this.written + length > size) throw new Error('bad back-reference');
        let from = this.written - distance;
        for (let n = 0; n < length; n += 1) out[this.written++] = out[from++] as number;
      }
    }
  }
}
