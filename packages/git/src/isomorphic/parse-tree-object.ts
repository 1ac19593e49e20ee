import type { TreeEntry } from '@relctl/core';

/** Options of {@link parseTreeObject}. */
export interface ParseTreeObjectOptions {
  /** The tree object's content (no header). */
  data: Buffer;
}

/**
 * The entries of a raw tree object in stored (git) order, modes as `git ls-tree` prints them
 * (`040000` for sub-trees).
 *
 * @example
 * ```ts
 * const entries = parseTreeObject({ data: (await readGitObject({ repo, oid: tree })).data });
 * ```
 */
export function parseTreeObject({ data }: ParseTreeObjectOptions): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let cursor = 0;
  while (cursor < data.length) {
    const space = data.indexOf(0x20, cursor);
    const nul = data.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > data.length) break;
    const mode = data.toString('latin1', cursor, space).padStart(6, '0');
    const path = data.toString('utf8', space + 1, nul);
    const oid = data.toString('hex', nul + 1, nul + 21);
    const type: TreeEntry['type'] = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    entries.push({ mode, path, oid, type });
    cursor = nul + 21;
  }
  return entries;
}
