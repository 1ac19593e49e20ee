import { join } from 'node:path';
import { parseCommitGraphLayer, type CommitGraphLayer } from './parse-commit-graph-layer.js';
import { CommitIndex } from './commit-index.js';
import { CHAIN_SIGNATURE, type HistoryState } from './open-history.js';
import { readGitCommitGraphId } from './read-git-commit-graph-id.js';
import { writeCommitGraphLayer, type CommitGraphEntry } from './write-commit-graph-layer.js';

/**
 * Commits read from objects are saved once there are this many: re-reading a few commits in the
 * next process costs less than writing files after every operation.
 */
const DEFAULT_MINIMUM = 32;
/** A new layer absorbs the layers below it that hold fewer than this many times its commits. */
const MERGE_FACTOR = 2;
const MAX_LAYERS = 8;

/** Options of {@link saveHistory}. */
export interface SaveHistoryOptions {
  state: HistoryState;
  /** Write only when at least this many new commits wait (default 32). */
  minimum?: number;
}

/**
 * Persist the commits this process read from objects (those with a complete history) as a
 * new layer of relctl's cache, `<commonDir>/relctl/commit-index/`: a chain file naming
 * commit-graph layers built on top of git's current commit-graph, so the next process reads
 * only commits that are newer still. Nothing is written while fewer than `minimum` commits
 * wait. Small top layers are merged as in git's split commit-graphs. Files are written atomically (temp file + rename). When another process
 * changed the cache, or git rewrote its commit-graph, in the meantime, nothing is written; a
 * failure to write (read-only repository) is ignored: the cache is only an optimisation.
 * Afterwards `state.index` is the reloaded index (ids change).
 *
 * @example
 * ```ts
 * const state = openHistory({ repo });
 * state.index.ensure([tip]);
 * saveHistory({ state });
 * ```
 */
export function saveHistory(options: SaveHistoryOptions): void {
  const { state } = options;
  const { fs, index, cacheDir, hashLength } = state;
  if (state.saveFailed || index.size - index.layeredCount < Math.max(1, options.minimum ?? DEFAULT_MINIMUM)) return;
  const fresh = index.completePendingIds();
  if (fresh.length < Math.max(1, options.minimum ?? DEFAULT_MINIMUM)) return;
  try {
    let onDisk = '';
    try {
      onDisk = fs.readFileSync(join(cacheDir, 'chain'), 'utf8');
    } catch {
      // no cache yet
    }
    if (onDisk !== state.chainText) return;
    if (readGitCommitGraphId({ fs, objectsDir: state.objectsDir, hashLength }) !== state.gitGraphId) return;

    const keep = [...state.cacheLayers];
    const merged: CommitGraphLayer[] = [];
    let total = fresh.length;
    for (let top = keep[keep.length - 1]; top; top = keep[keep.length - 1]) {
      if (top.count >= MERGE_FACTOR * total && keep.length < MAX_LAYERS) break;
      total += top.count;
      merged.unshift(keep.pop() as CommitGraphLayer);
    }
    const below = keep[keep.length - 1] ?? state.gitLayers[state.gitLayers.length - 1];
    const mergeBase = below ? below.base + below.count : 0;

    const ids: number[] = [];
    for (let id = mergeBase; id < index.layeredCount; id += 1) ids.push(id);
    ids.push(...fresh);
    const oids = ids.map((id) => index.oid(id));
    const order = ids.map((_, i) => i).sort((x, y) => ((oids[x] as string) < (oids[y] as string) ? -1 : 1));
    const position = new Map<number, number>();
    order.forEach((i, rank) => position.set(ids[i] as number, mergeBase + rank));
    const entries: CommitGraphEntry[] = order.map((i) => {
      const id = ids[i] as number;
      return {
        oid: oids[i] as string,
        tree: index.tree(id),
        parents: index.parents(id).map((parent) => (parent < mergeBase ? parent : (position.get(parent) as number))),
        level: index.level(id),
        date: index.date(id),
        corrected: index.corrected ? index.correctedDate(id) : 0,
      };
    });
    const buffer = writeCommitGraphLayer({ entries, hashLength, withGeneration: index.corrected });
    const layer = parseCommitGraphLayer({ buffer, hashLength, base: mergeBase });
    if (!layer) return;

    const layers = [...keep, layer];
    const chainText = [CHAIN_SIGNATURE, `base ${state.gitGraphId}`, ...layers.map((l) => l.checksum)].join('\n') + '\n';
    fs.mkdirSync(cacheDir, { recursive: true });
    writeAtomically(state, `${layer.checksum}.graph`, buffer);
    writeAtomically(state, 'chain', Buffer.from(chainText));
    const kept = new Set(layers.map((l) => l.checksum));
    for (const name of state.chainText.split('\n').slice(2)) {
      if (/^[0-9a-f]+$/.test(name) && !kept.has(name)) fs.rmSync(join(cacheDir, `${name}.graph`), { force: true });
    }
    state.cacheLayers = layers;
    state.chainText = chainText;
    state.index = new CommitIndex({
      hashLength,
      layers: [...state.gitLayers, ...layers],
      gitLayerCount: state.gitLayers.length,
      store: state.store,
    });
  } catch {
    // Read-only repository, full disk: keep working from memory, and stop trying.
    state.saveFailed = true;
  }
}

function writeAtomically(state: HistoryState, name: string, content: Buffer): void {
  const target = join(state.cacheDir, name);
  const temp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  state.fs.writeFileSync(temp, content);
  state.fs.renameSync(temp, target);
}
