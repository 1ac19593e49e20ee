import { xdlMerge } from './xdiff/xdl-merge.js';

/**
 * Options of {@link mergeText}.
 *
 * @example
 * ```ts
 * const result = mergeText({ base, ours, theirs, labels: { ours: 'main', theirs: 'req/A' }, algorithm: 'histogram' });
 * ```
 */
export interface MergeTextOptions {
  base: Uint8Array;
  ours: Uint8Array;
  theirs: Uint8Array;
  /** Labels after the `<<<<<<<` and `>>>>>>>` markers; default `ours` / `theirs`. */
  labels?: { ours?: string; theirs?: string };
  /** Marker length, default 7. */
  markerSize?: number;
  /**
   * `histogram` (default) is what git's merge-ort (and so `git merge`/`merge-tree`) uses;
   * `myers` is what `git merge-file` 2.39 uses.
   */
  algorithm?: 'histogram' | 'myers';
}

/**
 * Result of {@link mergeText}.
 *
 * @example
 * ```ts
 * const { clean, conflicts, content }: MergeTextResult = mergeText({ base, ours, theirs });
 * if (!clean) console.log(`${conflicts} conflict hunk(s)`, new TextDecoder().decode(content));
 * ```
 */
export interface MergeTextResult {
  clean: boolean;
  /** Number of conflict hunks. */
  conflicts: number;
  /** Merged bytes, with git-style conflict markers around each conflict hunk. */
  content: Uint8Array;
}

/**
 * Three-way merge of one file's contents with git's xdiff rules (zealous conflict merging,
 * histogram diff by default), byte-identical to git's output. Does not check for binary content:
 * callers decide (git treats a NUL in the first 8000 bytes as binary and never merges it).
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * const r = mergeText({ base: enc.encode('a\nb\n'), ours: enc.encode('A\nb\n'), theirs: enc.encode('a\nB\n') });
 * // r.clean === true, new TextDecoder().decode(r.content) === 'A\nB\n'
 * ```
 */
export function mergeText(options: MergeTextOptions): MergeTextResult {
  const r = xdlMerge({
    base: options.base,
    ours: options.ours,
    theirs: options.theirs,
    oursLabel: options.labels?.ours ?? 'ours',
    theirsLabel: options.labels?.theirs ?? 'theirs',
    ...(options.markerSize ? { markerSize: options.markerSize } : {}),
    algorithm: options.algorithm ?? 'histogram',
  });
  return { clean: r.conflicts === 0, conflicts: r.conflicts, content: r.content };
}
