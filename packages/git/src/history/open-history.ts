import type * as nodeFs from 'node:fs';
import { join } from 'node:path';
import type { Repository } from '../repo/repository.js';
import { parseCommitGraphLayer, type CommitGraphLayer } from './parse-commit-graph-layer.js';
import { CommitIndex } from './commit-index.js';
import { loadGitCommitGraph } from './load-git-commit-graph.js';
import { openObjectStore, type ObjectStore } from './object-store.js';

/** The per-repository state of the history module, kept in `repo.extensions`. */
export interface HistoryState {
  fs: typeof nodeFs;
  hashLength: number;
  objectsDir: string;
  /** `<commonDir>/relctl/commit-index`: relctl's own cache (a chain of commit-graph layers). */
  cacheDir: string;
  store: ObjectStore;
  index: CommitIndex;
  /** Identity of git's commit-graph the cache builds on (`none` without one). */
  gitGraphId: string;
  gitLayers: CommitGraphLayer[];
  cacheLayers: CommitGraphLayer[];
  /** The chain file's text as loaded or last written by this process (`''`: none). */
  chainText: string;
  /** Set after a failed write (read-only repository): later operations do not retry. */
  saveFailed: boolean;
}

/** Key of the history state in `Repository.extensions`. */
export const HISTORY_EXTENSION = '@relctl/git/history';

/** First line of relctl's chain file. */
export const CHAIN_SIGNATURE = 'relctl-commit-index 1';

/**
 * The history state of a repository: created on first use, then shared by every history
 * operation on the same `Repository` (one per repository per process). Loads git's
 * commit-graph (file or chain) and relctl's cache layers when they were built on that same
 * commit-graph; everything else is read from objects on demand.
 *
 * @example
 * ```ts
 * const { index } = openHistory({ repo });
 * const [id] = index.ensure([headSha]);
 * ```
 */
export function openHistory(options: { repo: Repository }): HistoryState {
  const { repo } = options;
  const existing = repo.extensions.get(HISTORY_EXTENSION) as HistoryState | undefined;
  if (existing) return existing;
  const { fs } = repo;
  const hashLength = repo.objectFormat === 'sha256' ? 32 : 20;
  const objectsDir = join(repo.commonDir, 'objects');
  const cacheDir = join(repo.commonDir, 'relctl', 'commit-index');
  const store = openObjectStore({ fs, objectsDir, hashLength });
  const git = loadGitCommitGraph({ fs, objectsDir, hashLength });
  const gitLayers = git?.layers ?? [];
  const gitGraphId = git?.id ?? 'none';
  const { layers: cacheLayers, chainText } = loadCacheLayers(fs, cacheDir, hashLength, gitGraphId, gitLayers);
  const state: HistoryState = {
    fs,
    hashLength,
    objectsDir,
    cacheDir,
    store,
    index: new CommitIndex({ hashLength, layers: [...gitLayers, ...cacheLayers], gitLayerCount: gitLayers.length, store }),
    gitGraphId,
    gitLayers,
    cacheLayers,
    chainText,
    saveFailed: false,
  };
  repo.extensions.set(HISTORY_EXTENSION, state);
  return state;
}

/** relctl's cache layers, when the chain file is intact and built on the current git graph. */
function loadCacheLayers(
  fs: typeof nodeFs,
  cacheDir: string,
  hashLength: number,
  gitGraphId: string,
  gitLayers: CommitGraphLayer[],
): { layers: CommitGraphLayer[]; chainText: string } {
  const none = { layers: [], chainText: '' };
  let chainText: string;
  try {
    chainText = fs.readFileSync(join(cacheDir, 'chain'), 'utf8');
  } catch {
    return none;
  }
  const [signature, baseLine, ...names] = chainText.split('\n').filter((line) => line !== '');
  if (signature !== CHAIN_SIGNATURE || baseLine !== `base ${gitGraphId}`) return { layers: [], chainText };
  const last = gitLayers[gitLayers.length - 1];
  let base = last ? last.base + last.count : 0;
  const layers: CommitGraphLayer[] = [];
  for (const name of names) {
    let buffer: Buffer;
    try {
      buffer = fs.readFileSync(join(cacheDir, `${name}.graph`));
    } catch {
      return { layers: [], chainText };
    }
    const layer = parseCommitGraphLayer({ buffer, hashLength, base });
    if (!layer || layer.checksum !== name) return { layers: [], chainText };
    layers.push(layer);
    base += layer.count;
  }
  return { layers, chainText };
}
