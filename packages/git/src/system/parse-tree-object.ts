import type { TreeEntry } from '@relctl/core';

/**
 * Parse the raw bytes of a tree object (`<mode> <name>\0<binary id>` entries) in stored order,
 * which is git's sort order. Modes are padded to six digits (`40000` → `040000`).
 *
 * @example
 * ```ts
 * const entries = parseTreeObject(raw, 20); // 20-byte ids for SHA-1, 32 for SHA-256
 * ```
 */
export function parseTreeObject(raw: Uint8Array, idBytes: number): TreeEntry[] {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < buffer.length) {
    const space = buffer.indexOf(0x20, at);
    const nul = buffer.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > buffer.length) throw new Error('corrupt tree object');
    const mode = buffer.subarray(at, space).toString('ascii').padStart(6, '0');
    const path = buffer.subarray(space + 1, nul).toString('utf8');
    const oid = buffer.subarray(nul + 1, nul + 1 + idBytes).toString('hex');
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    entries.push({ mode, path, oid, type });
    at = nul + 1 + idBytes;
  }
  return entries;
}
