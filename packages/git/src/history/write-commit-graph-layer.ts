import { createHash } from 'node:crypto';

/** One commit of a layer to write. */
export interface CommitGraphEntry {
  /** Hex id. */
  oid: string;
  /** Hex id of the root tree. */
  tree: string;
  /** Global positions of the parents, in order. */
  parents: number[];
  /** Topological level (generation number v1), 1 for a root. */
  level: number;
  /** Committer date, epoch seconds. */
  date: number;
  /** Corrected commit date (generation number v2); written when `withGeneration` is set. */
  corrected: number;
}

/** Options of {@link writeCommitGraphLayer}. */
export interface WriteCommitGraphLayerOptions {
  /** The commits, sorted by id. */
  entries: CommitGraphEntry[];
  hashLength: number;
  /** Write GDA2 (and GDO2 when needed): corrected commit dates. */
  withGeneration: boolean;
  /** Checksums of the layers below, lowest first (BASE chunk). Default none. */
  baseHashes?: string[];
}

const NO_PARENT = 0x70000000;
const LEVEL_MAX = 0x3fffffff;

/**
 * Serialize commits as one commit-graph file in git's format (gitformat-commit-graph(5)), with
 * a trailing checksum. relctl stores its own commit index this way, so one parser reads both
 * git's commit-graph and relctl's cache.
 *
 * @example
 * ```ts
 * const file = writeCommitGraphLayer({ entries, hashLength: 20, withGeneration: true });
 * fs.writeFileSync(path, file);
 * ```
 */
export function writeCommitGraphLayer(options: WriteCommitGraphLayerOptions): Buffer {
  const { entries, hashLength, withGeneration } = options;
  const baseHashes = options.baseHashes ?? [];
  const count = entries.length;

  const fanout = Buffer.alloc(1024);
  const oids = Buffer.alloc(count * hashLength);
  const data = Buffer.alloc(count * (hashLength + 16));
  const generation = withGeneration ? Buffer.alloc(count * 4) : null;
  const overflow: number[] = [];
  const edges: number[] = [];
  const firstBytes = new Uint32Array(256);
  entries.forEach((entry, i) => {
    oids.write(entry.oid, i * hashLength, hashLength, 'hex');
    const firstByte = oids[i * hashLength] as number;
    firstBytes[firstByte] = (firstBytes[firstByte] as number) + 1;
    const at = i * (hashLength + 16);
    data.write(entry.tree, at, hashLength, 'hex');
    const [first, second, ...more] = entry.parents;
    data.writeUInt32BE(first ?? NO_PARENT, at + hashLength);
    if (more.length > 0) {
      data.writeUInt32BE((0x80000000 | edges.length) >>> 0, at + hashLength + 4);
      edges.push(second as number, ...more.slice(0, -1), (0x80000000 | (more[more.length - 1] as number)) >>> 0);
    } else {
      data.writeUInt32BE(second ?? NO_PARENT, at + hashLength + 4);
    }
    const date = Math.max(0, Math.min(entry.date, 2 ** 34 - 1));
    const high = Math.floor(date / 2 ** 32);
    data.writeUInt32BE(((Math.min(entry.level, LEVEL_MAX) << 2) | high) >>> 0, at + hashLength + 8);
    data.writeUInt32BE(date % 2 ** 32, at + hashLength + 12);
    if (generation) {
      const offset = Math.max(0, entry.corrected - date);
      if (offset < 0x80000000) {
        generation.writeUInt32BE(offset, i * 4);
      } else {
        generation.writeUInt32BE((0x80000000 | overflow.length) >>> 0, i * 4);
        overflow.push(offset);
      }
    }
  });
  let running = 0;
  for (let byte = 0; byte < 256; byte += 1) {
    running += firstBytes[byte] as number;
    fanout.writeUInt32BE(running, byte * 4);
  }

  const chunks: Array<[string, Buffer]> = [
    ['OIDF', fanout],
    ['OIDL', oids],
    ['CDAT', data],
  ];
  if (generation) chunks.push(['GDA2', generation]);
  if (overflow.length > 0) {
    const chunk = Buffer.alloc(overflow.length * 8);
    overflow.forEach((value, i) => chunk.writeBigUInt64BE(BigInt(value), i * 8));
    chunks.push(['GDO2', chunk]);
  }
  if (edges.length > 0) {
    const chunk = Buffer.alloc(edges.length * 4);
    edges.forEach((value, i) => chunk.writeUInt32BE(value, i * 4));
    chunks.push(['EDGE', chunk]);
  }
  if (baseHashes.length > 0) chunks.push(['BASE', Buffer.from(baseHashes.join(''), 'hex')]);

  const header = Buffer.alloc(8 + (chunks.length + 1) * 12);
  header.writeUInt32BE(0x43475048, 0);
  header[4] = 1;
  header[5] = hashLength === 32 ? 2 : 1;
  header[6] = chunks.length;
  header[7] = baseHashes.length;
  let offset = header.length;
  chunks.forEach(([id, chunk], i) => {
    header.write(id, 8 + i * 12, 4, 'latin1');
    header.writeBigUInt64BE(BigInt(offset), 8 + i * 12 + 4);
    offset += chunk.length;
  });
  header.writeBigUInt64BE(BigInt(offset), 8 + chunks.length * 12 + 4);
  const body = Buffer.concat([header, ...chunks.map(([, chunk]) => chunk)]);
  const checksum = createHash(hashLength === 32 ? 'sha256' : 'sha1')
    .update(body)
    .digest();
  return Buffer.concat([body, checksum]);
}
