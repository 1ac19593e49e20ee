/**
 * One parsed commit-graph file (git's `objects/info/commit-graph`, one layer of a
 * `commit-graphs/` chain, or one layer of relctl's own cache, which uses the same format).
 * Positions are global across a chain: commit `i` of this layer is number `base + i`.
 */
export interface CommitGraphLayer {
  buffer: Buffer;
  hashLength: number;
  /** Commits in this layer. */
  count: number;
  /** Global position of this layer's first commit (the commits of all layers below). */
  base: number;
  fanoutAt: number;
  oidsAt: number;
  dataAt: number;
  /** -1 when the layer has no octopus merges. */
  edgesAt: number;
  edgesCount: number;
  /** -1 without a GDA2 chunk (no corrected commit dates). */
  generationAt: number;
  /** -1 without a GDO2 chunk. */
  overflowAt: number;
  overflowCount: number;
  /** Hashes of the base layers (BASE chunk), lowest first. */
  baseHashes: string[];
  /** Hex of the trailing checksum: the layer's identity. */
  checksum: string;
}

const SIGNATURE = 0x43475048; // CGPH
const OIDF = 0x4f494446;
const OIDL = 0x4f49444c;
const CDAT = 0x43444154;
const EDGE = 0x45444745;
const GDA2 = 0x47444132;
const GDO2 = 0x47444f32;
const BASE = 0x42415345;

/** Options of {@link parseCommitGraphLayer}. */
export interface ParseCommitGraphLayerOptions {
  buffer: Buffer;
  /** 20 (SHA-1) or 32 (SHA-256); a file of the other hash is refused. */
  hashLength: number;
  /** Global position of the first commit. Default 0. */
  base?: number;
}

/**
 * Parse and check the structure of a commit-graph file (gitformat-commit-graph(5)): header,
 * chunk table, and the OIDF, OIDL, CDAT, EDGE, GDA2, GDO2 and BASE chunks (Bloom filters are
 * skipped). Nothing is copied: lookups read the buffer in place. Returns `null` for a file that
 * is not a usable commit-graph (wrong signature, version or hash, missing or mis-sized chunks).
 *
 * @example
 * ```ts
 * const layer = parseCommitGraphLayer({ buffer: fs.readFileSync(file), hashLength: 20 });
 * if (layer) console.log(layer.count, 'commits');
 * ```
 */
export function parseCommitGraphLayer(options: ParseCommitGraphLayerOptions): CommitGraphLayer | null {
  const { buffer, hashLength } = options;
  if (buffer.length < 8 + 12 + hashLength || buffer.readUInt32BE(0) !== SIGNATURE || buffer[4] !== 1) return null;
  if ((buffer[5] === 1 ? 20 : buffer[5] === 2 ? 32 : 0) !== hashLength) return null;
  const chunkCount = buffer[6] as number;
  const baseCount = buffer[7] as number;
  const end = buffer.length - hashLength;
  const chunks = new Map<number, { at: number; size: number }>();
  if (8 + (chunkCount + 1) * 12 > end) return null;
  for (let i = 0; i < chunkCount; i += 1) {
    const entry = 8 + i * 12;
    const id = buffer.readUInt32BE(entry);
    const at = Number(buffer.readBigUInt64BE(entry + 4));
    const next = Number(buffer.readBigUInt64BE(entry + 16));
    if (id === 0 || at > next || next > end) return null;
    chunks.set(id, { at, size: next - at });
  }
  const fanout = chunks.get(OIDF);
  const oids = chunks.get(OIDL);
  const data = chunks.get(CDAT);
  if (!fanout || !oids || !data || fanout.size !== 1024) return null;
  const count = buffer.readUInt32BE(fanout.at + 255 * 4);
  if (oids.size !== count * hashLength || data.size !== count * (hashLength + 16)) return null;
  const edges = chunks.get(EDGE);
  const generation = chunks.get(GDA2);
  const overflow = chunks.get(GDO2);
  if (generation && generation.size !== count * 4) return null;
  const baseChunk = chunks.get(BASE);
  const baseHashes: string[] = [];
  if (baseCount > 0) {
    if (!baseChunk || baseChunk.size !== baseCount * hashLength) return null;
    for (let i = 0; i < baseCount; i += 1) {
      const at = baseChunk.at + i * hashLength;
      baseHashes.push(buffer.toString('hex', at, at + hashLength));
    }
  }
  return {
    buffer,
    hashLength,
    count,
    base: options.base ?? 0,
    fanoutAt: fanout.at,
    oidsAt: oids.at,
    dataAt: data.at,
    edgesAt: edges ? edges.at : -1,
    edgesCount: edges ? Math.floor(edges.size / 4) : 0,
    generationAt: generation ? generation.at : -1,
    overflowAt: overflow ? overflow.at : -1,
    overflowCount: overflow ? Math.floor(overflow.size / 8) : 0,
    baseHashes,
    checksum: buffer.toString('hex', end, end + hashLength),
  };
}
