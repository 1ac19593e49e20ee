import type * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { parseCommitGraphLayer, type CommitGraphLayer } from './parse-commit-graph-layer.js';

/** git's commit-graph of a repository: one file, or the usable layers of a split chain. */
export interface GitCommitGraph {
  /** `file:<checksum>` or `chain:<checksum of the top layer>`: changes whenever git rewrites it. */
  id: string;
  layers: CommitGraphLayer[];
}

/** Options of {@link loadGitCommitGraph}. */
export interface LoadGitCommitGraphOptions {
  fs: typeof nodeFs;
  /** The repository's `objects` folder. */
  objectsDir: string;
  hashLength: number;
}

/**
 * Read git's own commit-graph the way git does: `objects/info/commit-graph` when it exists,
 * otherwise the layers listed in `objects/info/commit-graphs/commit-graph-chain` (each layer's
 * BASE chunk must name the layers below it; a broken layer ends the chain there). Returns
 * `null` when there is no usable commit-graph.
 *
 * @example
 * ```ts
 * const graph = loadGitCommitGraph({ fs, objectsDir: join(repo.commonDir, 'objects'), hashLength: 20 });
 * console.log(graph?.layers.reduce((n, layer) => n + layer.count, 0));
 * ```
 */
export function loadGitCommitGraph(options: LoadGitCommitGraphOptions): GitCommitGraph | null {
  const { fs, objectsDir, hashLength } = options;
  const single = readOrNull(fs, join(objectsDir, 'info', 'commit-graph'));
  if (single) {
    const layer = parseCommitGraphLayer({ buffer: single, hashLength });
    if (layer && layer.baseHashes.length === 0) return { id: `file:${layer.checksum}`, layers: [layer] };
  }
  const chainDir = join(objectsDir, 'info', 'commit-graphs');
  const chain = readOrNull(fs, join(chainDir, 'commit-graph-chain'));
  if (!chain) return null;
  const hashes = chain
    .toString('latin1')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const layers: CommitGraphLayer[] = [];
  let base = 0;
  for (const hash of hashes) {
    const buffer = readOrNull(fs, join(chainDir, `graph-${hash}.graph`));
    const layer = buffer ? parseCommitGraphLayer({ buffer, hashLength, base }) : null;
    const below = layers.map((l) => l.checksum);
    if (!layer || layer.checksum !== hash || layer.baseHashes.join() !== below.join()) break;
    layers.push(layer);
    base += layer.count;
  }
  const top = layers[layers.length - 1];
  return top ? { id: `chain:${top.checksum}`, layers } : null;
}

function readOrNull(fs: typeof nodeFs, path: string): Buffer | null {
  try {
    return fs.readFileSync(path);
  } catch {
    return null;
  }
}
